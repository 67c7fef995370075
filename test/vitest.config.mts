import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../vitest.shared.mts';

export default mergeConfig(
  sharedConfig(),
  defineConfig({
    test: {
      include: ['**/*.e2e.spec.ts'],
      globalSetup: ['support/global-setup.ts'],
      testTimeout: 180_000,
      hookTimeout: 180_000,
      // The suites start whole stacks; one at a time on a 2-core machine.
      fileParallelism: false,
    },
  }),
);
