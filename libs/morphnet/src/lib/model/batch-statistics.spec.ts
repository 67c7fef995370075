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
    const values = (opts: Parameters<typeof model.apply>[1]) => tf.tidy(() => Array.from((model.apply(x, opts)[0] as tf.Tensor).dataSync()));
    const batch = values({ training: false, batchStatistics: true });
    const train = values({ training: true, updateStatistics: false });
    const moving = values({ training: false });
    expect(Array.from(mean.dataSync())).toEqual(before);
    batch.forEach((v, i) => expect(v).toBeCloseTo(train[i] as number, 5));
    expect(Math.max(...batch.map((v, i) => Math.abs(v - (moving[i] as number))))).toBeGreaterThan(1e-3);
    x.dispose();
    model.dispose();
  });
});
