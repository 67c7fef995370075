import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { NATIVE_UNDER_TEST } from '../../test/backends';
import { readTfjsNodeManifest } from '@morphsweep/devstack';
import { loadNativeTensorflow } from './native-tensorflow.loader';
import { selectBackend } from './select-backend';

describe(loadNativeTensorflow.name, () => {
  it('names the missing provisioning when no binding was built', async () => {
    const env = { MORPHSWEEP_CACHE_DIR: mkdtempSync(path.join(os.tmpdir(), 'no-tf-')) };
    expect(readTfjsNodeManifest('node', env)).toBeUndefined();
    await expect(selectBackend({ backend: 'node', env })).rejects.toMatchObject({
      code: 'BACKEND_UNAVAILABLE',
      message: expect.stringMatching(/no tfjs-node binding was provisioned .*npm run provision/),
    });
  });

  it.runIf(NATIVE_UNDER_TEST)(
    'loads the provisioned binding as `node`, on the one tfjs-core of the process',
    async () => {
      const { backend } = await selectBackend({ backend: 'node' });
      expect(backend).toMatchObject({
        name: 'node',
        tfBackend: 'tensorflow',
        package: '@tensorflow/tfjs-node',
        version: tf.version_core,
        gpu: false,
        devices: ['CPU:0'],
      });
      expect(backend.tensorflowVersion).toMatch(/^2\.\d+\./);
      expect(tf.getBackend()).toBe('tensorflow');
      // tfjs-node's kernels were registered in our registry and produce our Tensor class.
      expect(tf.getKernelsForBackend('tensorflow').length).toBeGreaterThan(100);
      const y = tf.tidy(() =>
        tf.conv2d(
          tf.ones([1, 4, 4, 1]) as tf.Tensor4D,
          tf.ones([3, 3, 1, 1]) as tf.Tensor4D,
          1,
          'same',
        ),
      );
      expect(y).toBeInstanceOf(tf.Tensor);
      expect(Array.from(await y.data()).slice(0, 5)).toEqual([4, 6, 6, 4, 6]);
      y.dispose();
      // Exactly one tfjs-core module instance: tfjs-node's `require`s got ours.
      const cores = Object.keys(require.cache).filter((f) =>
        /tfjs-core[\\/]dist[\\/]tf-core\.node\.js$/.test(f),
      );
      expect(cores.length).toBeLessThanOrEqual(1);
      const { backend: again } = await selectBackend({ backend: 'node' });
      expect(again.name).toBe('node');
    },
  );
});
