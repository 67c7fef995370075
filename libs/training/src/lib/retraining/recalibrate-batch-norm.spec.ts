import * as tf from '@tensorflow/tfjs-core';
import { buildModel } from '@morphsweep/morphnet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend';
import { releaseWasmBackend } from '../backend/wasm-threads.backend';
import { testBackend } from '../../test/backends';
import { makeBatch } from '../data/batch';
import { makeSyntheticDataset } from '../data/synthetic';
import { tinyNetwork } from '../../test/learn.fixture';
import { recalibrateBatchNorm } from './recalibrate-batch-norm';

describe(`recalibrateBatchNorm (${testBackend()})`, () => {
  beforeAll(async () => {
    await selectBackend({ backend: testBackend() });
  });
  afterAll(() => releaseWasmBackend());

  it('replaces stale moving statistics with ones that match the data, touching no trainable weight', () => {
    const model = buildModel(tinyNetwork(), { seed: 1 });
    const data = makeSyntheticDataset({ count: 256, seed: 5 });
    // Stale statistics, as after a short run: far from what the layers now produce.
    for (const [name, v] of model.variables) {
      if (name.endsWith('/movingMean')) v.assign(tf.fill(v.shape, 3));
      if (name.endsWith('/movingVariance')) v.assign(tf.fill(v.shape, 50));
    }
    const trainable = model.trainableVariables().map((v) => Array.from(v.dataSync()));
    const batch = makeBatch(
      data,
      Int32Array.from({ length: data.count }, (_, i) => i),
    );
    // How far inference-mode logits are from logits normalised with the data's own statistics.
    const gap = () =>
      tf.tidy(() => {
        const moving = model.apply(batch.xs, { training: false })[0] as tf.Tensor;
        const own = model.apply(batch.xs, {
          training: false,
          batchStatistics: true,
        })[0] as tf.Tensor;
        return tf.max(tf.abs(tf.sub(moving, own))).dataSync()[0] as number;
      });
    const before = gap();
    const tensors = tf.memory().numTensors;
    recalibrateBatchNorm(model, data, { batches: 4, batchSize: 64, seed: 0 });
    expect(tf.memory().numTensors).toBe(tensors);
    const after = gap();
    expect(after).toBeLessThan(before / 10);
    expect(after).toBeLessThan(0.5);
    expect(model.trainableVariables().map((v) => Array.from(v.dataSync()))).toEqual(trainable);
    batch.dispose();
    model.dispose();
  });
});
