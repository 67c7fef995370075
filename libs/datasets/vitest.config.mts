import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.mts';

export default mergeConfig(
  sharedConfig(),
  defineConfig({
    test: {
      include: ['src/**/*.spec.ts'],
      globalSetup: ['src/test/global-setup.ts'],
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  }),
);
