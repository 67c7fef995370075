import type { SourceDtype } from '@morphsweep/contracts';
import { DatasetError } from './datasets.error';

/** One split in memory: `count` NHWC byte images, concatenated, and one label each. */
export interface DecodedSplit {
  readonly count: number;
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
}

/** What a format reader makes of a source: images as bytes, a train and maybe a test split. */
export interface DecodedDataset {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** The source images' element type (float32 sources are scaled to bytes). */
  readonly dtype: SourceDtype;
  readonly train: DecodedSplit;
  readonly test?: DecodedSplit;
}

/**
 * Checks that `split` holds `count` images of `height × width × channels` bytes and as many
 * labels. Throws `DATASET_INVALID` naming `what` otherwise.
 */
export function checkSplit(
  what: string,
  split: DecodedSplit,
  shape: { height: number; width: number; channels: number },
): DecodedSplit {
  const size = shape.height * shape.width * shape.channels;
  if (split.count < 1) throw new DatasetError('DATASET_INVALID', `${what} holds no images`);
  if (split.images.length !== split.count * size)
    throw new DatasetError(
      'DATASET_INVALID',
      `${what}: ${split.images.length} image bytes for ${split.count} images of ${shape.height}×${shape.width}×${shape.channels}`,
    );
  if (split.labels.length !== split.count)
    throw new DatasetError(
      'DATASET_INVALID',
      `${what}: ${split.count} images but ${split.labels.length} labels`,
    );
  return split;
}
