// Shared Vitest settings. Workspace libraries resolve to their TypeScript source (the same
// files their "@morphsweep/source" export condition names), so tests never need a build.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import swc from 'unplugin-swc';
import type { UserConfig } from 'vite';

const root = path.dirname(new URL(import.meta.url).pathname);

function sourceAliases(): Record<string, string> {
  const aliases: Record<string, string> = {};
  const libs = path.join(root, 'libs');
  for (const name of readdirSync(libs)) {
    const entry = path.join(libs, name, 'src', 'index.ts');
    if (existsSync(entry)) aliases[`@morphsweep/${name}`] = entry;
  }
  return aliases;
}

export function sharedConfig(options: { decorators?: boolean } = {}): UserConfig {
  return {
    // SWC keeps decorator metadata, which NestJS dependency injection reads at run time.
    plugins: options.decorators ? [swc.vite({ module: { type: 'es6' } })] : [],
    resolve: { alias: sourceAliases() },
  };
}
