// The workspace config, plus restrictions and one allowance: workflow code imports only the
// workflow-safe entry of the sweep domain and nothing that does I/O, and this library's tests
// (never bundled into a worker) may use the dev stack to start a real Temporal server.
import nx from '@nx/eslint-plugin';
import root from '../../eslint.config.mjs';

// `@morphsweep/sweeps` itself pulls in morphnet (TensorFlow.js); its `./selection` entry
// imports contracts only.
const sweepsMainEntry = {
  name: '@morphsweep/sweeps',
  message: 'Workflow code imports only the workflow-safe @morphsweep/sweeps/selection.',
};

export default [
  ...root,
  {
    // Workflow code runs in Temporal's deterministic sandbox: no TensorFlow.js, and no I/O —
    // clients, workers, Node built-ins, the database or S3 are activities' business (tests,
    // below, are exempt).
    files: ['src/**/*.ts'],
    ignores: ['src/test/**', 'src/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [sweepsMainEntry],
          patterns: [
            {
              group: [
                'node:*',
                '@temporalio/client',
                '@temporalio/worker',
                '@temporalio/testing',
                '@prisma/*',
                '@morphsweep/db',
                '@morphsweep/storage',
                '@aws-sdk/*',
              ],
              message: 'Workflow code is deterministic and does no I/O: do it in an activity.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests do I/O, but still import only the workflow-safe entry of the sweep domain.
    files: ['src/test/**/*.ts', 'src/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [sweepsMainEntry],
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
