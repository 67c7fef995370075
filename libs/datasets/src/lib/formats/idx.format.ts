import { DatasetError } from '../datasets.error';
import { checkSplit, type DecodedDataset, type DecodedSplit } from '../decoded-dataset';
import { findFile, type SourceFiles } from '../source-files';
import { parseIdx } from './idx';

const variants = (name: string) => [name, `${name}.gz`];

/**
 * IDX pairs: `train-images-idx3-ubyte` + `train-labels-idx1-ubyte`, and for a test split
 * `t10k-*` or `test-*` (each `.gz` or not). Images are `[n, h, w]` (grey) or `[n, h, w, c]`.
 * Throws `NOT_FOUND` without the training pair, `DATASET_INVALID` for a bad file or a test
 * split of another shape.
 */
export async function decodeIdx(files: SourceFiles): Promise<DecodedDataset> {
  const train = await readPair(files, 'train');
  if (!train) {
    throw new DatasetError(
      'NOT_FOUND',
      `${files.uri}: no train-images-idx3-ubyte(.gz) + train-labels-idx1-ubyte(.gz) pair`,
    );
  }
  const test = (await readPair(files, 't10k')) ?? (await readPair(files, 'test'));
  if (
    test &&
    (test.height !== train.height || test.width !== train.width || test.channels !== train.channels)
  )
    throw new DatasetError(
      'DATASET_INVALID',
      `${files.uri}: test images are not ${train.height}×${train.width}×${train.channels} as the training images are`,
    );
  const { height, width, channels } = train;
  return {
    height,
    width,
    channels,
    dtype: 'uint8',
    train: train.split,
    ...(test ? { test: test.split } : {}),
  };
}

async function readPair(
  files: SourceFiles,
  prefix: string,
): Promise<{ height: number; width: number; channels: number; split: DecodedSplit } | undefined> {
  const imagesKey = findFile(files, [
    ...variants(`${prefix}-images-idx3-ubyte`),
    ...variants(`${prefix}-images-idx4-ubyte`),
  ]);
  const labelsKey = findFile(files, variants(`${prefix}-labels-idx1-ubyte`));
  if (imagesKey === undefined && labelsKey === undefined) return undefined;
  if (imagesKey === undefined || labelsKey === undefined)
    throw new DatasetError(
      'NOT_FOUND',
      `${files.uri}: ${imagesKey ?? labelsKey} has no ${imagesKey ? 'labels' : 'images'} file beside it`,
    );
  const images = parseIdx(await files.read(imagesKey), imagesKey);
  const labels = parseIdx(await files.read(labelsKey), labelsKey);
  const [count = 0, height = 0, width = 0, channels = 1] = images.shape;
  if (images.shape.length !== 3 && images.shape.length !== 4)
    throw new DatasetError(
      'DATASET_INVALID',
      `${imagesKey}: images have shape [${images.shape.join(', ')}], expected [n, h, w] or [n, h, w, c]`,
    );
  if (labels.shape.length !== 1)
    throw new DatasetError(
      'DATASET_INVALID',
      `${labelsKey}: labels have shape [${labels.shape.join(', ')}], expected [n]`,
    );
  const split = checkSplit(
    `${files.uri} (${prefix})`,
    { count, images: images.data, labels: labels.data },
    { height, width, channels },
  );
  return { height, width, channels, split };
}
