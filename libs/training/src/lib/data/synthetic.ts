import { TrainingError } from '../training.error';
import type { ImageDataset } from './image-dataset';
import { Rng } from './rng';

/** Options of {@link makeSyntheticDataset}. */
export interface SyntheticOptions {
  readonly count: number;
  readonly seed: number;
  readonly numClasses?: number;
  readonly height?: number;
  readonly width?: number;
  readonly channels?: number;
  /** Standard deviation of the pixel noise, on the [0, 1] scale (default 0.2). */
  readonly noise?: number;
}

/**
 * A deterministic, learnable image-classification set for tests and demos. Class `c` is a
 * bright Gaussian blob at angle `2πc / numClasses` on a ring around the centre; each image
 * jitters the blob by up to ±2 pixels, scales its brightness by 0.6–1.0 and adds Gaussian
 * noise. A small CNN separates the classes within tens of steps. Labels cycle through the
 * classes (balanced) in shuffled order. Same options → same bytes.
 */
export function makeSyntheticDataset(options: SyntheticOptions): ImageDataset {
  const { count, seed, numClasses = 10, height = 28, width = 28, channels = 1, noise = 0.2 } = options;
  if (!Number.isInteger(count) || count < 1) throw new TrainingError('INVALID_ARGUMENT', `count must be a positive integer, got ${count}`);
  if (!Number.isInteger(numClasses) || numClasses < 2 || numClasses > 256) {
    throw new TrainingError('INVALID_ARGUMENT', `numClasses must be an integer in 2..256, got ${numClasses}`);
  }
  const rng = Rng.fromSeed(seed);
  const labels = rng.shuffle(Uint8Array.from({ length: count }, (_, i) => i % numClasses));
  const images = new Uint8Array(count * height * width * channels);
  const radius = 0.28 * Math.min(height, width);
  const sigma = 0.12 * Math.min(height, width);
  for (let i = 0; i < count; i++) {
    const angle = (2 * Math.PI * (labels[i] as number)) / numClasses;
    const cy = (height - 1) / 2 + radius * Math.sin(angle) + (rng.nextFloat() * 4 - 2);
    const cx = (width - 1) / 2 + radius * Math.cos(angle) + (rng.nextFloat() * 4 - 2);
    const brightness = 0.6 + 0.4 * rng.nextFloat();
    let p = i * height * width * channels;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const blob = brightness * Math.exp(-((y - cy) ** 2 + (x - cx) ** 2) / (2 * sigma * sigma));
        for (let c = 0; c < channels; c++) {
          const value = blob + noise * rng.nextGaussian();
          images[p++] = Math.round(255 * Math.min(1, Math.max(0, value)));
        }
      }
    }
  }
  return { name: `synthetic/${seed}`, count, height, width, channels, numClasses, images, labels };
}
