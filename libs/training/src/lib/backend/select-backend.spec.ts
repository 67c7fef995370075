import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { TrainingError } from '../training.error';
import type { BackendLoader } from './backend-loaders';
import { selectBackend } from './select-backend';
import { releaseWasmBackend } from './wasm-threads.backend';
import { NATIVE_UNDER_TEST } from '../../test/backends';

// A cache directory without provisioned bindings: the native backends are unavailable there.
const noNative = { MORPHSWEEP_CACHE_DIR: mkdtempSync(path.join(os.tmpdir(), 'no-native-')) };

const unavailable: BackendLoader = async () => {
  throw new TrainingError('BACKEND_UNAVAILABLE', 'forced unavailable for the test');
};

describe(selectBackend.name, () => {
  afterAll(() => releaseWasmBackend());

  it('falls through node-gpu and node (not provisioned) to threaded wasm with training kernels', async () => {
    const selection = await selectBackend({ env: noNative });
    expect(selection.overridden).toBe(false);
    expect(selection.skipped.map((s) => s.name)).toEqual(['node-gpu', 'node']);
    // Not provisioned, and npm's package absent or without the binding its install script fetches.
    expect(selection.skipped[0]?.reason).toMatch(
      /no tfjs-node-gpu binding was provisioned .*; and @tensorflow\/tfjs-node-gpu is (not installed|installed without its native binding)/,
    );
    expect(selection.backend).toMatchObject({ name: 'wasm', tfBackend: 'wasm', simd: true });
    expect(selection.backend.threads).toBeGreaterThanOrEqual(1);
    expect(selection.backend.trainingKernels).toContain('Conv2DBackpropFilter');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('falls back to cpu when wasm is unavailable', async () => {
    const selection = await selectBackend({ env: noNative, loaders: { wasm: unavailable } });
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
    await expect(selectBackend({ backend: 'node', env: noNative })).rejects.toMatchObject({
      code: 'BACKEND_UNAVAILABLE',
      message: expect.stringMatching(
        /"node" was requested but cannot be used: no tfjs-node binding was provisioned .*@tensorflow\/tfjs-node is (not installed|installed without its native binding)/,
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

  // Last: once loaded, the native backend stays registered in this process.
  it.runIf(NATIVE_UNDER_TEST)(
    'picks node, the fastest backend that loads, by default',
    async () => {
      const selection = await selectBackend({ env: {} });
      expect(selection.skipped.map((s) => s.name)).toEqual(['node-gpu']);
      expect(selection.skipped[0]?.reason).toMatch(/no tfjs-node-gpu binding was provisioned/);
      expect(selection.backend).toMatchObject({
        name: 'node',
        tfBackend: 'tensorflow',
        gpu: false,
      });
      expect(tf.getBackend()).toBe('tensorflow');
    },
  );
});
