// The workspace config, plus one allowance: this library's tests (never bundled into a
// worker) may use the dev stack to start a real Temporal server.
import nx from '@nx/eslint-plugin';
import root from '../../eslint.config.mjs';

export default [
  ...root,
  {
    plugins: { '@nx': nx },
    files: ['src/test/**/*.ts', 'src/**/*.spec.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            {
              sourceTag: 'type:workflows',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:activities', 'type:lib'],
            },
          ],
        },
      ],
    },
  },
];
