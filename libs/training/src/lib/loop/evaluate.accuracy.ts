import * as tf from '@tensorflow/tfjs-core';
import type { MorphModel } from '@morphsweep/morphnet';
import { makeBatch } from '../data/batch';
import type { ImageDataset } from '../data/image-dataset';

/**
 * Top-1 accuracy of `model` (inference mode: deterministic gates, no dropout) on every image
 * of `dataset`, in batches of `batchSize`. Batch norm uses the moving statistics, or with
 * `batchStatistics` each evaluation batch's own (see `ApplyOptions.batchStatistics`).
 * Frees every tensor it makes.
 */
export function evaluateAccuracy(
  model: MorphModel,
  dataset: ImageDataset,
  options: { readonly batchSize?: number; readonly batchStatistics?: boolean } = {},
): number {
  const batchSize = options.batchSize ?? 256;
  let correct = 0;
  for (let start = 0; start < dataset.count; start += batchSize) {
    const indices = Int32Array.from(
      { length: Math.min(batchSize, dataset.count - start) },
      (_, i) => start + i,
    );
    const batch = makeBatch(dataset, indices);
    const predicted = tf.tidy(() =>
      tf
        .argMax(
          model.apply(batch.xs, {
            training: false,
            batchStatistics: options.batchStatistics ?? false,
          })[0] as tf.Tensor,
          1,
        )
        .dataSync(),
    );
    batch.dispose();
    for (let i = 0; i < indices.length; i++) if (predicted[i] === batch.labels[i]) correct++;
  }
  return correct / dataset.count;
}
