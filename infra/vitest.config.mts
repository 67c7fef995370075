import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../vitest.shared.mts';

export default mergeConfig(
  sharedConfig(),
  defineConfig({
    test: {
      include: ['checks/**/*.spec.ts'],
      // The first run builds Helm and compose-check with Go and pip-installs the linters.
      testTimeout: 120_000,
      hookTimeout: 900_000,
      fileParallelism: false,
    },
  }),
);
