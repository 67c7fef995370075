import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { zooNetwork } from '../zoo/seed-zoo';
import { buildModel } from './morph-model';

describe('ApplyOptions.batchStatistics', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('normalises inference with the batch statistics and leaves the moving ones alone', () => {
    const model = buildModel(zooNetwork('fmnist-cnn'), { seed: 2 });
    const x = tf.randomUniform([8, 28, 28, 1], 0, 1, 'float32', 4);
    const mean = model.variables.get('conv1_bn/movingMean') as tf.Variable;
    const before = Array.from(mean.dataSync());
    const values = (opts: Parameters<typeof model.apply>[1]) =>
      tf.tidy(() => Array.from((model.apply(x, opts)[0] as tf.Tensor).dataSync()));
    const batch = values({ training: false, batchStatistics: true });
    const train = values({ training: true, updateStatistics: false });
    const moving = values({ training: false });
    expect(Array.from(mean.dataSync())).toEqual(before);
    batch.forEach((v, i) => expect(v).toBeCloseTo(train[i] as number, 5));
    expect(Math.max(...batch.map((v, i) => Math.abs(v - (moving[i] as number))))).toBeGreaterThan(
      1e-3,
    );
    x.dispose();
    model.dispose();
  });

  it('recalibrates the moving statistics to the plain average of K batches for fixed weights', () => {
    const model = buildModel(zooNetwork('fmnist-cnn'), { seed: 2 });
    const mean = model.variables.get('conv1_bn/movingMean') as tf.Variable;
    const batches = [0, 1, 2].map((i) => tf.randomUniform([8, 28, 28, 1], 0, 1, 'float32', 10 + i));
    // conv1 is the first layer, so its pre-BN activations do not depend on any statistics.
    const batchMean = (x: tf.Tensor) =>
      tf.tidy(() => {
        const kernel = model.variables.get('conv1/kernel') as tf.Variable;
        const y = tf.conv2d(x as tf.Tensor4D, kernel as unknown as tf.Tensor4D, 2, 'same');
        return Array.from(tf.moments(y, [0, 1, 2]).mean.dataSync());
      });
    const means = batches.map(batchMean);
    const expected = means[0]!.map(
      (_, c) => means.reduce((sum, m) => sum + (m[c] as number), 0) / means.length,
    );
    batches.forEach((x, k) =>
      tf.dispose(
        model.apply(x, {
          training: false,
          batchStatistics: true,
          updateStatistics: true,
          statisticsMomentum: k / (k + 1),
        }),
      ),
    );
    Array.from(mean.dataSync()).forEach((v, c) => expect(v).toBeCloseTo(expected[c] as number, 5));
    tf.dispose(batches);
    model.dispose();
  });
});
