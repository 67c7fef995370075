import * as tf from '@tensorflow/tfjs-core';
import type { MorphModel } from '@morphsweep/morphnet';
import { makeBatch } from '../data/batch';
import type { ImageDataset } from '../data/image-dataset';

/**
 * Top-1 accuracy of `model` (inference mode: moving statistics, deterministic gates) on every
 * image of `dataset`, in batches of `batchSize`. Frees every tensor it makes.
 */
export function evaluateAccuracy(model: MorphModel, dataset: ImageDataset, batchSize = 256): number {
  let correct = 0;
  for (let start = 0; start < dataset.count; start += batchSize) {
    const indices = Int32Array.from({ length: Math.min(batchSize, dataset.count - start) }, (_, i) => start + i);
    const batch = makeBatch(dataset, indices);
    const predicted = tf.tidy(() => tf.argMax(model.apply(batch.xs, { training: false })[0] as tf.Tensor, 1).dataSync());
    batch.dispose();
    for (let i = 0; i < indices.length; i++) if (predicted[i] === batch.labels[i]) correct++;
  }
  return correct / dataset.count;
}
