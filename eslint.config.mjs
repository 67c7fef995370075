// One flat config for the whole workspace; each project runs `eslint .` and finds it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/.data/**',
      '**/coverage/**',
      '**/src/generated/**',
      '**/vite.config.*.timestamp*',
      '**/vitest.config.*.timestamp*',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    plugins: { '@nx': nx },
    files: ['**/src/**/*.ts', '**/src/**/*.tsx'],
    rules: {
      // Apps compose libraries; libraries never import apps; workflows stay deterministic.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:morphnet', onlyDependOnLibsWithTags: ['type:contracts'] },
            {
              // Of the sweep domain only its workflow-safe entry: libs/workflows/eslint.config.mjs.
              sourceTag: 'type:workflows',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:activities', 'type:sweeps'],
            },
            {
              sourceTag: 'type:lib',
              onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:morphnet'],
            },
            {
              sourceTag: 'type:sweeps',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:morphnet'],
            },
            {
              sourceTag: 'type:activities',
              onlyDependOnLibsWithTags: [
                'type:lib',
                'type:contracts',
                'type:morphnet',
                'type:sweeps',
              ],
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:lib',
                'type:contracts',
                'type:morphnet',
                'type:workflows',
                'type:activities',
                'type:sweeps',
              ],
            },
            {
              // The API calls the sweep domain, never the Temporal adapter: it starts workflows
              // (whose package names activities' types only), it does not run activities.
              sourceTag: 'scope:api',
              onlyDependOnLibsWithTags: [
                'type:lib',
                'type:contracts',
                'type:morphnet',
                'type:workflows',
                'type:sweeps',
              ],
            },
            {
              sourceTag: 'type:test',
              onlyDependOnLibsWithTags: [
                'type:lib',
                'type:contracts',
                'type:morphnet',
                'type:workflows',
                'type:activities',
                'type:sweeps',
              ],
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/scripts/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
