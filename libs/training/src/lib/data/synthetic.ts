import { TrainingError } from '../training.error';
import type { InMemoryImageDataset } from './image-dataset';
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
 * grating (parallel stripes, period 6 px at 28 px, scaled with the image) at angle
 * `180° · c / numClasses`, with a random phase, brightness 0.6–1.0 and Gaussian pixel noise.
 * The class is coded by orientation, not position, so convolutional networks with global
 * pooling learn it within tens of steps. Labels cycle through the classes (balanced) in
 * shuffled order. Same options → same bytes.
 */
export function makeSyntheticDataset(options: SyntheticOptions): InMemoryImageDataset {
  const {
    count,
    seed,
    numClasses = 10,
    height = 28,
    width = 28,
    channels = 1,
    noise = 0.2,
  } = options;
  if (!Number.isInteger(count) || count < 1)
    throw new TrainingError('INVALID_ARGUMENT', `count must be a positive integer, got ${count}`);
  if (!Number.isInteger(numClasses) || numClasses < 2 || numClasses > 256) {
    throw new TrainingError(
      'INVALID_ARGUMENT',
      `numClasses must be an integer in 2..256, got ${numClasses}`,
    );
  }
  const rng = Rng.fromSeed(seed);
  const labels = rng.shuffle(Uint8Array.from({ length: count }, (_, i) => i % numClasses));
  const images = new Uint8Array(count * height * width * channels);
  const frequency = (2 * Math.PI) / (6 * (Math.min(height, width) / 28));
  for (let i = 0; i < count; i++) {
    const angle = (Math.PI * (labels[i] as number)) / numClasses;
    const [dy, dx] = [Math.sin(angle) * frequency, Math.cos(angle) * frequency];
    const phase = 2 * Math.PI * rng.nextFloat();
    const brightness = 0.6 + 0.4 * rng.nextFloat();
    let p = i * height * width * channels;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const stripe = brightness * 0.5 * (1 + Math.cos(y * dy + x * dx + phase));
        for (let c = 0; c < channels; c++) {
          const value = stripe + noise * rng.nextGaussian();
          images[p++] = Math.round(255 * Math.min(1, Math.max(0, value)));
        }
      }
    }
  }
  return { name: `synthetic/${seed}`, count, height, width, channels, numClasses, images, labels };
}
