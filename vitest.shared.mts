// Shared Vitest settings. Workspace libraries resolve to their TypeScript source (the same
// files their "@morphsweep/source" export condition names), so tests never need a build.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import swc from 'unplugin-swc';
import type { Alias } from 'vite';
import type { ViteUserConfig } from 'vitest/config';

const root = path.dirname(new URL(import.meta.url).pathname);

type Exports = Record<string, string | Record<string, string>>;

// One exact-match alias per export of each library (`@morphsweep/sweeps` and
// `@morphsweep/sweeps/selection` alike), read from its package.json: a prefix alias for the
// package name would also rewrite its subpaths into paths under its index.ts.
function sourceAliases(): Alias[] {
  const aliases: Alias[] = [];
  const libs = path.join(root, 'libs');
  for (const name of readdirSync(libs)) {
    const manifest = path.join(libs, name, 'package.json');
    if (!existsSync(manifest)) continue;
    const exports = (JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: Exports }).exports;
    for (const [subpath, target] of Object.entries(exports ?? {})) {
      const source = typeof target === 'object' ? target['@morphsweep/source'] : undefined;
      if (!source) continue;
      const specifier = path.posix.join(`@morphsweep/${name}`, subpath);
      aliases.push({
        find: new RegExp(`^${specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`),
        replacement: path.join(libs, name, source),
      });
    }
  }
  return aliases;
}

export function sharedConfig(options: { decorators?: boolean } = {}): ViteUserConfig {
  return {
    // SWC keeps decorator metadata, which NestJS dependency injection reads at run time.
    plugins: options.decorators ? [swc.vite({ module: { type: 'es6' } })] : [],
    resolve: { alias: sourceAliases() },
    // An `expect.poll` waits for a state (a page rendered, a row written); Vitest's default
    // 1 s gave up on a dashboard field a loaded machine took longer to fill. The wait ends as
    // soon as the state holds, so only a failing poll takes longer.
    test: { expect: { poll: { timeout: 15_000 } } },
  };
}
