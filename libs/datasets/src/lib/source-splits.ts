import type { DatasetFormat, SourceDtype } from '@morphsweep/contracts';
import { decodeSource } from './decode-source';
import { streamIdx } from './formats/idx.stream';
import type { SourceFiles } from './source-files';
import type { TensorSplitSource } from './tensor-file';

/** A source ready to be written as a tensor file: its image shape and its splits. */
export interface SourceSplits {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly dtype: SourceDtype;
  readonly splits: readonly TensorSplitSource[];
}

/**
 * The splits of `files` read as `format`: IDX streams its images (only labels are held);
 * the other formats are decoded into memory first (`decodeSource`). Throws the readers'
 * `DatasetError`s.
 */
export async function sourceSplits(
  files: SourceFiles,
  format: DatasetFormat,
): Promise<SourceSplits> {
  if (format === 'idx') return streamIdx(files);
  const decoded = await decodeSource(files, format);
  const splits: TensorSplitSource[] = [
    {
      name: 'train',
      count: decoded.train.count,
      labels: decoded.train.labels,
      images: [decoded.train.images],
    },
  ];
  if (decoded.test)
    splits.push({
      name: 'test',
      count: decoded.test.count,
      labels: decoded.test.labels,
      images: [decoded.test.images],
    });
  return { ...decoded, splits };
}
