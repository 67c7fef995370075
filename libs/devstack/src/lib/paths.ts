import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The workspace root: the nearest folder above `from` holding `nx.json`. Works from src/
 * (tests, tsx) and from dist/ alike.
 */
export function workspaceRoot(from: string = __dirname): string {
  let dir = path.resolve(from);
  for (;;) {
    if (existsSync(path.join(dir, 'nx.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error(`no nx.json above ${from}: not inside the MorphSweep workspace`);
    dir = parent;
  }
}

/** Where built or downloaded tools are cached across clones: `MORPHSWEEP_CACHE_DIR` or ~/.cache/morphsweep. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['MORPHSWEEP_CACHE_DIR'] ?? path.join(os.homedir(), '.cache', 'morphsweep');
}

/** Where the local stack keeps its state: `MORPHSWEEP_DATA_DIR` or `<workspace>/.data`. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env['MORPHSWEEP_DATA_DIR'] ?? path.join(workspaceRoot(), '.data'));
}
