// Shared Vitest settings: every project resolves workspace libraries to their TypeScript
// source (the "@morphsweep/source" export condition) so tests never need a prior build.
import swc from 'unplugin-swc';
import type { UserConfig } from 'vite';

export const SOURCE_CONDITION = '@morphsweep/source';

export function sharedConfig(options: { decorators?: boolean } = {}): UserConfig {
  return {
    // SWC keeps decorator metadata, which NestJS dependency injection reads at run time.
    plugins: options.decorators ? [swc.vite({ module: { type: 'es6' } })] : [],
    resolve: { conditions: [SOURCE_CONDITION, 'node', 'import', 'default'] },
    ssr: { resolve: { conditions: [SOURCE_CONDITION, 'node', 'import', 'default'] } },
  };
}
