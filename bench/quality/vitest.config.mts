import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.mts';

export default mergeConfig(
  sharedConfig(),
  defineConfig({
    test: { include: ['*.spec.ts'] },
  }),
);
