import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeBatch } from './batch';
import { BatchCursor } from './batch-cursor';
import { makeSyntheticDataset } from './synthetic';

describe(makeBatch.name, () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('builds scaled images and one-hot labels', () => {
    const data = makeSyntheticDataset({ count: 8, seed: 2, height: 5, width: 5, numClasses: 4 });
    const batch = makeBatch(data, [3, 1]);
    expect(batch.xs.shape).toEqual([2, 5, 5, 1]);
    expect(batch.ys.shape).toEqual([2, 4]);
    expect(batch.xs.dataSync()[0]).toBeCloseTo((data.images[3 * 25] as number) / 255, 6);
    expect(tf.tidy(() => Array.from(tf.argMax(batch.ys, 1).dataSync()))).toEqual([
      data.labels[3],
      data.labels[1],
    ]);
    batch.dispose();
  });

  it('leaks no tensors across batches', () => {
    const data = makeSyntheticDataset({ count: 64, seed: 2, height: 6, width: 6 });
    const cursor = BatchCursor.create({ datasetSize: data.count, batchSize: 8, seed: 1 });
    const counts: number[] = [];
    for (let step = 0; step < 20; step++) {
      const batch = makeBatch(data, cursor.next().indices);
      tf.tidy(() => tf.sum(batch.xs).dataSync());
      batch.dispose();
      counts.push(tf.memory().numTensors);
    }
    expect(new Set(counts).size).toBe(1);
  });
});
