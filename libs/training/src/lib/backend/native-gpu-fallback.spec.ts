// A node-gpu binding on a machine where TensorFlow sees no GPU (the CUDA build on a CPU-only
// host): node-gpu is skipped saying so, and node reuses the TensorFlow already loaded (both
// packages register the tfjs backend `tensorflow`, so a second binding cannot be loaded).
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { NATIVE_UNDER_TEST } from '../../test/backends';
import { tfjsNodeManifestPath } from '@morphsweep/devstack';
import { selectBackend } from './select-backend';

describe.runIf(NATIVE_UNDER_TEST)('node-gpu without a GPU', () => {
  it('is skipped as seeing no GPU, and node then uses the TensorFlow it loaded', async () => {
    // The provisioned CPU binding, recorded as the node-gpu one too.
    const cache = mkdtempSync(path.join(os.tmpdir(), 'gpu-fallback-'));
    mkdirSync(path.join(cache, 'tfjs-node'));
    const env = { MORPHSWEEP_CACHE_DIR: cache };
    copyFileSync(tfjsNodeManifestPath('node'), tfjsNodeManifestPath('node', env));
    copyFileSync(tfjsNodeManifestPath('node'), tfjsNodeManifestPath('node-gpu', env));
    const selection = await selectBackend({ env });
    expect(selection.skipped).toEqual([
      { name: 'node-gpu', reason: '@tensorflow/tfjs-node loaded but TensorFlow sees no GPU' },
    ]);
    expect(selection.backend).toMatchObject({ name: 'node', gpu: false, devices: ['CPU:0'] });
    expect(tf.getBackend()).toBe('tensorflow');
    await expect(selectBackend({ backend: 'node-gpu', env })).rejects.toMatchObject({
      code: 'BACKEND_UNAVAILABLE',
      message: expect.stringMatching(/sees no GPU/),
    });
  });
});
