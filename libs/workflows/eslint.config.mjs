// The workspace config, plus one restriction and one allowance: workflow code imports only the
// workflow-safe entry of the sweep domain, and this library's tests (never bundled into a
// worker) may use the dev stack to start a real Temporal server.
import nx from '@nx/eslint-plugin';
import root from '../../eslint.config.mjs';

export default [
  ...root,
  {
    // Workflow code runs in Temporal's deterministic sandbox: `@morphsweep/sweeps` itself pulls
    // in morphnet (TensorFlow.js); its `./selection` entry imports contracts only.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@morphsweep/sweeps',
              message: 'Workflow code imports only the workflow-safe @morphsweep/sweeps/selection.',
            },
          ],
        },
      ],
    },
  },
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
              onlyDependOnLibsWithTags: [
                'type:contracts',
                'type:activities',
                'type:sweeps',
                'type:lib',
              ],
            },
          ],
        },
      ],
    },
  },
];
