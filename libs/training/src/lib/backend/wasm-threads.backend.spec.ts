import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// A process that trained on threaded wasm must still exit by itself (its pool threads are
// unref'd). Run in a child so a regression shows up as a timeout, not a hung test runner.
describe('threaded wasm backend in a plain Node process', () => {
  it('uses every thread asked for and lets the process exit without releaseWasmBackend', () => {
    const script = `
      const tf = require('@tensorflow/tfjs-core');
      const { selectBackend } = require('./src/index');
      selectBackend({ backend: 'wasm', threads: 2 }).then(({ backend }) => {
        const x = tf.randomNormal([4, 8, 8, 3]);
        const w = tf.randomNormal([3, 3, 3, 4]);
        const g = tf.grad((f) => tf.sum(tf.conv2d(x, f, 1, 'same')))(w);
        console.log(JSON.stringify({ threads: backend.threads, size: g.size }));
      });
    `;
    const started = Date.now();
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      // Vitest runs with the project root as working directory.
      cwd: process.cwd(),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.error).toBeUndefined();
    expect(child.status, child.stderr).toBe(0);
    expect(JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}')).toEqual({
      threads: 2,
      size: 108,
    });
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
