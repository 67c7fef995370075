// `npm start`: builds what `morphsweep up` needs (Nx caches it, so a second start is quick)
// and runs it in the foreground. Ctrl-C reaches `up`, which stops every process it started.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, NX_DAEMON: process.env.NX_DAEMON ?? 'false', NX_TUI: 'false' };

// Native TensorFlow for the worker's `node` backend (first time: a pip install and a ~20 s
// build, with progress; cached afterwards: well under a second). Never stops the start.
spawnSync(
  path.join(root, 'node_modules', '.bin', 'tsx'),
  [path.join(root, 'libs/devstack/src/tensorflow.main.ts')],
  { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] },
);

console.error('[morphsweep] building (first time ~1 min; cached afterwards)…');
const nx = path.join(root, 'node_modules', '.bin', 'nx');
const build = spawnSync(
  nx,
  [
    'run-many',
    '-t',
    'build',
    '--projects=@morphsweep/cli,@morphsweep/dashboard',
    '--outputStyle=static',
  ],
  {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
if (build.status !== 0) {
  console.error('[morphsweep] the build failed; run `npx nx run-many -t build` to see why.');
  process.exit(build.status ?? 1);
}

const up = spawn(
  process.execPath,
  [path.join(root, 'apps/cli/dist/main.js'), 'up', ...process.argv.slice(2)],
  {
    cwd: root,
    env,
    stdio: 'inherit',
  },
);
// A terminal's Ctrl-C reaches both processes; `up` handles it. A signal sent to this
// process alone is passed on, so `up` always gets to stop its children.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => up.kill(signal));
}
up.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
