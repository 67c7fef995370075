import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.mts';

// Workflow tests run on a real Temporal dev server (no Postgres: the activities are fakes).
// The files share one task-queue namespace on that server, so they run one after another.
export default mergeConfig(
  sharedConfig(),
  defineConfig({
    test: {
      include: ['src/**/*.spec.ts'],
      globalSetup: ['src/test/global-setup.ts'],
      testTimeout: 60_000,
      hookTimeout: 120_000,
      fileParallelism: false,
    },
  }),
);
