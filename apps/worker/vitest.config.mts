import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.mts';

export default mergeConfig(
  sharedConfig(),
  defineConfig({
    test: {
      include: ['src/**/*.spec.ts'],
      globalSetup: ['src/test/global-setup.ts'],
      testTimeout: 120_000,
      hookTimeout: 120_000,
      fileParallelism: false,
    },
  }),
);
