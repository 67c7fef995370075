import { TrainingError } from '../training.error';

/**
 * Reads images by index without holding the set in memory (a cached tensor file's positioned
 * reads), so a dataset larger than memory trains with a batch's images in memory at a time.
 */
export interface ImageReader {
  /** Copies image `index` (`height × width × channels` bytes) into `target` at `offset`. */
  read(index: number, target: Uint8Array, offset: number): void;
}

/**
 * An image-classification set: `count` images of `height × width × channels` bytes (0–255,
 * NHWC order) and one label per image in `[0, numClasses)`. The images are in memory
 * (concatenated) or behind an {@link ImageReader}; the labels, one byte each, are always in
 * memory. Bytes keep Fashion-MNIST at 47 MB instead of 188 MB as floats; batches scale to [0, 1].
 */
export interface ImageDataset {
  readonly name: string;
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly numClasses: number;
  readonly images: Uint8Array | ImageReader;
  readonly labels: Uint8Array;
}

/** An {@link ImageDataset} whose images are all in memory. */
export interface InMemoryImageDataset extends ImageDataset {
  readonly images: Uint8Array;
}

/** Bytes per image of `dataset`. */
export function imageSize(dataset: Pick<ImageDataset, 'height' | 'width' | 'channels'>): number {
  return dataset.height * dataset.width * dataset.channels;
}

/**
 * Copies image `index` of `dataset` into `target` at `offset`. Throws `INVALID_ARGUMENT` for
 * an index outside the dataset.
 */
export function copyImage(
  dataset: ImageDataset,
  index: number,
  target: Uint8Array,
  offset: number,
): void {
  if (!Number.isInteger(index) || index < 0 || index >= dataset.count) {
    throw new TrainingError(
      'INVALID_ARGUMENT',
      `index ${index} outside ${dataset.name} (${dataset.count} images)`,
    );
  }
  const { images } = dataset;
  if (images instanceof Uint8Array) {
    const size = imageSize(dataset);
    target.set(images.subarray(index * size, (index + 1) * size), offset);
  } else {
    images.read(index, target, offset);
  }
}

/**
 * A new dataset of the images at `indices`, in that order: copies of them for an in-memory
 * dataset, a reader that maps through `indices` for a streamed one (4 bytes per image, so
 * a split of a dataset larger than memory stays small). Throws `INVALID_ARGUMENT` for an
 * index outside the dataset.
 */
export function subsetDataset(
  dataset: ImageDataset,
  indices: ArrayLike<number>,
  name: string,
): ImageDataset {
  const labels = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i] as number;
    if (!Number.isInteger(index) || index < 0 || index >= dataset.count) {
      throw new TrainingError(
        'INVALID_ARGUMENT',
        `index ${index} outside ${dataset.name} (${dataset.count} images)`,
      );
    }
    labels[i] = dataset.labels[index] as number;
  }
  const base = { ...dataset, name, count: indices.length, labels };
  if (!(dataset.images instanceof Uint8Array)) {
    const map = Int32Array.from(indices);
    return {
      ...base,
      images: { read: (i, target, offset) => copyImage(dataset, map[i] as number, target, offset) },
    };
  }
  const size = imageSize(dataset);
  const images = new Uint8Array(indices.length * size);
  for (let i = 0; i < indices.length; i++)
    copyImage(dataset, indices[i] as number, images, i * size);
  return { ...base, images };
}
