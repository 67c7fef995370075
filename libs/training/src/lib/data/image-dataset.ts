import { TrainingError } from '../training.error';

/**
 * An in-memory image-classification set: `count` images of `height × width × channels`
 * bytes (0–255, NHWC order, concatenated) and one label per image in `[0, numClasses)`.
 * Bytes keep Fashion-MNIST at 47 MB instead of 188 MB as floats; batches scale to [0, 1].
 */
export interface ImageDataset {
  readonly name: string;
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly numClasses: number;
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
}

/** Bytes per image of `dataset`. */
export function imageSize(dataset: Pick<ImageDataset, 'height' | 'width' | 'channels'>): number {
  return dataset.height * dataset.width * dataset.channels;
}

/**
 * A new dataset holding copies of the images at `indices`, in that order.
 * Throws `INVALID_ARGUMENT` for an index outside the dataset.
 */
export function subsetDataset(
  dataset: ImageDataset,
  indices: ArrayLike<number>,
  name: string,
): ImageDataset {
  const size = imageSize(dataset);
  const images = new Uint8Array(indices.length * size);
  const labels = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i] as number;
    if (!Number.isInteger(index) || index < 0 || index >= dataset.count) {
      throw new TrainingError(
        'INVALID_ARGUMENT',
        `index ${index} outside ${dataset.name} (${dataset.count} images)`,
      );
    }
    images.set(dataset.images.subarray(index * size, (index + 1) * size), i * size);
    labels[i] = dataset.labels[index] as number;
  }
  return { ...dataset, name, count: indices.length, images, labels };
}
