import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { TrainingError } from '../training.error';
import type { BackendLoader } from './backend-loaders';
import { selectBackend } from './select-backend';
import { releaseWasmBackend } from './wasm-threads.backend';

const unavailable: BackendLoader = async () => {
  throw new TrainingError('BACKEND_UNAVAILABLE', 'forced unavailable for the test');
};

describe(selectBackend.name, () => {
  afterAll(() => releaseWasmBackend());

  it('falls through node-gpu and node (absent here) to threaded wasm with training kernels', async () => {
    const selection = await selectBackend({ env: {} });
    expect(selection.overridden).toBe(false);
    expect(selection.skipped.map((s) => s.name)).toEqual(['node-gpu', 'node']);
    // Absent, or present without the native binding its install script would have fetched.
    expect(selection.skipped[0]?.reason).toMatch(
      /tfjs-node-gpu is (not installed|installed without its native binding)/,
    );
    expect(selection.backend).toMatchObject({ name: 'wasm', tfBackend: 'wasm', simd: true });
    expect(selection.backend.threads).toBeGreaterThanOrEqual(1);
    expect(selection.backend.trainingKernels).toContain('Conv2DBackpropFilter');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('falls back to cpu when wasm is unavailable', async () => {
    const selection = await selectBackend({ env: {}, loaders: { wasm: unavailable } });
    expect(selection.backend.name).toBe('cpu');
    expect(selection.skipped.at(-1)).toEqual({
      name: 'wasm',
      reason: 'forced unavailable for the test',
    });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('honours MORPHSWEEP_BACKEND and MORPHSWEEP_WASM_THREADS', async () => {
    const cpu = await selectBackend({ env: { MORPHSWEEP_BACKEND: 'cpu' } });
    expect(cpu).toMatchObject({ overridden: true, backend: { name: 'cpu' }, skipped: [] });
    const wasm = await selectBackend({
      env: { MORPHSWEEP_BACKEND: 'wasm', MORPHSWEEP_WASM_THREADS: '1' },
    });
    expect(wasm.backend).toMatchObject({ name: 'wasm', threads: 1 });
  });

  it('fails clearly for an unknown or unloadable forced backend', async () => {
    await expect(selectBackend({ env: { MORPHSWEEP_BACKEND: 'webgpu' } })).rejects.toMatchObject({
      code: 'BACKEND_UNKNOWN',
      message: expect.stringMatching(
        /unknown backend "webgpu" \(from MORPHSWEEP_BACKEND\); expected one of node-gpu, node, wasm, cpu/,
      ),
    });
    await expect(selectBackend({ backend: 'node', env: {} })).rejects.toMatchObject({
      code: 'BACKEND_UNAVAILABLE',
      message: expect.stringMatching(
        /"node" was requested but cannot be used: @tensorflow\/tfjs-node is (not installed|installed without its native binding)/,
      ),
    });
    await expect(
      selectBackend({ backend: 'wasm', loaders: { wasm: unavailable } }),
    ).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
    const none = {
      'node-gpu': unavailable,
      node: unavailable,
      wasm: unavailable,
      cpu: unavailable,
    };
    await expect(selectBackend({ env: {}, loaders: none })).rejects.toThrow(
      /no backend could be used/,
    );
  });
});
