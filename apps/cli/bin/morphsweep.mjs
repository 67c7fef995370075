#!/usr/bin/env node
// `npx morphsweep <command>`: runs the built CLI (apps/cli/dist), building it first when it is
// missing or older than any workspace source, so the command works straight after
// `npm install` in a checkout. Nx caches the build; a fresh one takes about a minute.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const main = path.join(root, 'apps/cli/dist/main.js');

/** Newest modification time of the TypeScript sources under `dir` (skipping build output). */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name === 'generated')
      continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (/\.tsx?$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function stale() {
  if (!existsSync(main)) return true;
  const built = statSync(main).mtimeMs;
  return ['apps', 'libs'].some((d) => newestSource(path.join(root, d)) > built);
}

if (stale()) {
  console.error('[morphsweep] building the CLI (first time ~1 min; cached afterwards)…');
  const nx = path.join(root, 'node_modules', '.bin', 'nx');
  const env = { ...process.env, NX_DAEMON: process.env.NX_DAEMON ?? 'false', NX_TUI: 'false' };
  const build = spawnSync(nx, ['run', '@morphsweep/cli:build', '--outputStyle=static'], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) {
    console.error(
      '[morphsweep] the build failed; run `npx nx run @morphsweep/cli:build` to see why.',
    );
    process.exit(build.status ?? 1);
  }
}

const cli = spawn(process.execPath, [main, ...process.argv.slice(2)], { stdio: 'inherit' });
// Signals sent to this launcher alone are passed on, so the CLI always gets to clean up.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => cli.kill(signal));
cli.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
