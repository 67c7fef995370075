import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend';
import { testBackend } from '../../test/backends';
import { releaseWasmBackend } from '../backend/wasm-threads.backend';
import { makeBatch } from './batch';
import { BatchCursor } from './batch-cursor';
import { splitTrainValidation } from './split';
import { makeSyntheticDataset } from './synthetic';

function smallCnn(classes: number): tfl.LayersModel {
  const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        inputShape: [16, 16, 1],
        filters: 8,
        kernelSize: 3,
        padding: 'same',
        useBias: false,
        kernelInitializer: init(1),
      }),
      // Momentum 0.9: the moving statistics used at inference settle within a few dozen steps.
      tfl.layers.batchNormalization({ momentum: 0.9 }),
      tfl.layers.reLU(),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', depthwiseInitializer: init(2) }),
      tfl.layers.reLU(),
      tfl.layers.globalAveragePooling2d({}),
      tfl.layers.dense({ units: classes, kernelInitializer: init(3) }),
    ],
  });
}

describe(`synthetic set on ${testBackend()}`, () => {
  afterAll(() => releaseWasmBackend());

  it('is learnt well above chance within 40 steps, with a flat tensor count', async () => {
    await selectBackend({ backend: testBackend() });
    const data = makeSyntheticDataset({
      count: 1200,
      seed: 1,
      height: 16,
      width: 16,
      numClasses: 4,
    });
    const { train, validation } = splitTrainValidation(data, { validationCount: 200, seed: 2 });
    const model = smallCnn(4);
    const optimizer = tf.train.adam(0.02);
    const cursor = BatchCursor.create({ datasetSize: train.count, batchSize: 32, seed: 3 });
    const counts: number[] = [];
    for (let step = 0; step < 40; step++) {
      const batch = makeBatch(train, cursor.next().indices);
      const loss = optimizer.minimize(
        () =>
          tf.losses.softmaxCrossEntropy(
            batch.ys,
            model.apply(batch.xs, { training: true }) as tf.Tensor,
          ),
        true,
      );
      loss?.dispose();
      batch.dispose();
      counts.push(tf.memory().numTensors);
    }
    // Adam's slots appear on step 1; from then on the count must not move.
    expect(new Set(counts.slice(1)).size).toBe(1);
    const all = makeBatch(
      validation,
      Array.from({ length: validation.count }, (_, i) => i),
    );
    const accuracy = tf.tidy(
      () =>
        tf
          .mean(
            tf.cast(
              tf.equal(tf.argMax(model.predict(all.xs) as tf.Tensor, 1), tf.argMax(all.ys, 1)),
              'float32',
            ),
          )
          .dataSync()[0],
    );
    all.dispose();
    expect(accuracy).toBeGreaterThan(0.6); // chance is 0.25
    model.dispose();
    optimizer.dispose();
    // ~5 s on an idle 2-core machine; room for a machine busy with other work.
  }, 120_000);
});
