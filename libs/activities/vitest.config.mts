import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.mts';

// The control-activity specs run against a real PostgreSQL the global setup starts.
export default mergeConfig(
  sharedConfig(),
  defineConfig({
    test: {
      include: ['src/**/*.spec.ts'],
      globalSetup: ['src/test/global-setup.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  }),
);
