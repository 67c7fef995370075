import * as tf from '@tensorflow/tfjs-core';
import { copyImage, imageSize, type ImageDataset } from './image-dataset';

/** One training batch. Its two tensors belong to the caller: call `dispose()` after the step. */
export interface Batch {
  /** Images scaled to [0, 1], shape `[n, height, width, channels]`. */
  readonly xs: tf.Tensor4D;
  /** One-hot float32 labels, shape `[n, numClasses]`. */
  readonly ys: tf.Tensor2D;
  readonly labels: Int32Array;
  dispose(): void;
}

/**
 * Builds the tensors for the images at `indices`. Exactly two tensors are created and
 * returned (intermediates are freed), so a loop that disposes each batch holds
 * `tf.memory().numTensors` flat. Throws `INVALID_ARGUMENT` for an index outside the dataset.
 */
export function makeBatch(dataset: ImageDataset, indices: ArrayLike<number>): Batch {
  const size = imageSize(dataset);
  // One batch's bytes at a time: a streamed dataset reads just these images.
  const bytes = new Uint8Array(indices.length * size);
  const labels = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i] as number;
    copyImage(dataset, index, bytes, i * size);
    labels[i] = dataset.labels[index] as number;
  }
  const pixels = new Float32Array(bytes.length);
  for (let p = 0; p < bytes.length; p++) pixels[p] = (bytes[p] as number) / 255;
  const xs = tf.tensor4d(pixels, [indices.length, dataset.height, dataset.width, dataset.channels]);
  const ys = tf.tidy(
    () =>
      tf.cast(
        tf.oneHot(tf.tensor1d(labels, 'int32'), dataset.numClasses),
        'float32',
      ) as tf.Tensor2D,
  );
  return { xs, ys, labels, dispose: () => tf.dispose([xs, ys]) };
}
