import * as tf from '@tensorflow/tfjs-core';
import { AUGMENTATIONS, type AugmentationName } from '@morphsweep/contracts';
import { TrainingError } from '../training.error';
import type { ImageDataset } from './image-dataset';
import { Rng } from './rng';

/** Padding of the standard CIFAR crop: zero-pad 4 pixels on each side, crop back. */
export const CROP_PADDING = 4;

/**
 * Applies a training augmentation to a batch of NHWC images, returning a new tensor of the
 * same shape (the caller disposes both):
 * - `none`: a copy;
 * - `crop-flip`: the standard CIFAR recipe — each image is zero-padded by
 *   {@link CROP_PADDING} pixels, cropped back to its size at a random offset, and mirrored
 *   left–right with probability ½.
 *
 * The offsets and flips come from `seed` alone (the training loop's per-step seed), so the
 * same step of a resumed run augments identically. The crop and flip are one `gather` of
 * the padded pixels, an exact copy on every backend (no interpolation).
 */
export function augmentImages(xs: tf.Tensor4D, kind: AugmentationName, seed: number): tf.Tensor4D {
  if (!(AUGMENTATIONS as readonly string[]).includes(kind))
    throw new TrainingError('INVALID_ARGUMENT', `unknown augmentation "${String(kind)}"`);
  if (kind === 'none') return tf.clone(xs);
  const [n, h, w, c] = xs.shape;
  const p = CROP_PADDING;
  const ph = h + 2 * p;
  const pw = w + 2 * p;
  // Decorrelate from the model's use of the same step seed (dropout, gate noise).
  const rng = Rng.fromSeed(seed ^ 0x0a06e17);
  const indices = new Int32Array(n * h * w);
  for (let i = 0; i < n; i++) {
    const dy = rng.nextInt(2 * p + 1);
    const dx = rng.nextInt(2 * p + 1);
    const flip = rng.nextInt(2) === 1;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const sx = flip ? w - 1 - x : x;
        indices[(i * h + y) * w + x] = (i * ph + y + dy) * pw + sx + dx;
      }
    }
  }
  return tf.tidy(() => {
    const padded = tf.pad(xs, [
      [0, 0],
      [p, p],
      [p, p],
      [0, 0],
    ]);
    const pixels = tf.reshape(padded, [n * ph * pw, c]);
    return tf.reshape(tf.gather(pixels, tf.tensor1d(indices, 'int32')), [n, h, w, c]);
  });
}

/**
 * A dataset's default augmentation: `crop-flip` for RGB images (the CIFAR recipe), `none` for
 * grayscale ones (Fashion-MNIST and the synthetic set are trained without augmentation).
 */
export function defaultAugmentation(dataset: Pick<ImageDataset, 'channels'>): AugmentationName {
  return dataset.channels === 3 ? 'crop-flip' : 'none';
}
