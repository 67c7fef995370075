import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DATASET_SIZES } from '@morphsweep/contracts';
import { TrainingError } from '../training.error';
import type { InMemoryImageDataset } from './image-dataset';
import { DatasetError, parseIdx } from '@morphsweep/datasets';

/** Where the Debian package `dataset-fashion-mnist` installs the files. */
export const DEFAULT_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';
/** Environment variable overriding {@link DEFAULT_FASHION_MNIST_DIR}. */
export const FASHION_MNIST_DIR_ENV_VAR = 'MORPHSWEEP_FASHION_MNIST_DIR';

/** The ten Fashion-MNIST classes, by label. */
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

const SPLITS = {
  // The training file's size is contracts' data: step budgets are counted against it.
  train: { prefix: 'train', count: DATASET_SIZES['fashion-mnist'] },
  test: { prefix: 't10k', count: 10_000 },
} as const;

/** Options of {@link loadFashionMnist}. */
export interface FashionMnistOptions {
  readonly split: 'train' | 'test';
  /** Default: `MORPHSWEEP_FASHION_MNIST_DIR`, else {@link DEFAULT_FASHION_MNIST_DIR}. */
  readonly directory?: string;
}

/**
 * Loads one split of Fashion-MNIST (60,000 train or 10,000 test 28×28 grey images, 10
 * classes) from its IDX files, `.gz` or not. Verifies magic numbers, shapes, counts and label
 * range. Throws `DATASET_MISSING` (saying how to install it) when the files are absent, and
 * `DATASET_INVALID` when they do not match the format.
 */
export async function loadFashionMnist(
  options: FashionMnistOptions,
): Promise<InMemoryImageDataset> {
  const directory =
    options.directory ?? process.env[FASHION_MNIST_DIR_ENV_VAR] ?? DEFAULT_FASHION_MNIST_DIR;
  const { prefix, count } = SPLITS[options.split];
  const images = parseIdxFile(...(await readEither(directory, `${prefix}-images-idx3-ubyte`)));
  const labels = parseIdxFile(...(await readEither(directory, `${prefix}-labels-idx1-ubyte`)));
  const invalid = (why: string) =>
    new TrainingError('DATASET_INVALID', `Fashion-MNIST ${options.split} in ${directory}: ${why}`);
  const [n, h, w] = images.shape;
  if (images.shape.length !== 3 || n !== count || h !== 28 || w !== 28) {
    throw invalid(`images have shape [${images.shape.join(', ')}], expected [${count}, 28, 28]`);
  }
  if (labels.shape.length !== 1 || labels.shape[0] !== count) {
    throw invalid(`labels have shape [${labels.shape.join(', ')}], expected [${count}]`);
  }
  const bad = labels.data.findIndex((label) => label >= FASHION_MNIST_CLASSES.length);
  if (bad >= 0) throw invalid(`label ${labels.data[bad]} at index ${bad} is not in 0..9`);
  return {
    name: `fashion-mnist/${options.split}`,
    count,
    height: 28,
    width: 28,
    channels: 1,
    numClasses: FASHION_MNIST_CLASSES.length,
    images: images.data,
    labels: labels.data,
  };
}

// The IDX reader is the datasets library's; its format errors are this loader's DATASET_INVALID.
function parseIdxFile(bytes: Uint8Array, path: string) {
  try {
    return parseIdx(bytes, path);
  } catch (error) {
    if (error instanceof DatasetError) throw new TrainingError('DATASET_INVALID', error.message);
    throw error;
  }
}

async function readEither(directory: string, name: string): Promise<[Uint8Array, string]> {
  for (const file of [`${name}.gz`, name]) {
    const path = join(directory, file);
    try {
      return [new Uint8Array(await readFile(path)), path];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new TrainingError(
    'DATASET_MISSING',
    `Fashion-MNIST file ${name}(.gz) not found in ${directory}. On Debian/Ubuntu install it with ` +
      '`sudo apt-get install dataset-fashion-mnist` (files go to /usr/share/datasets/fashion-mnist); ' +
      'elsewhere download the four *-ubyte.gz files from https://github.com/zalandoresearch/fashion-mnist ' +
      `and point ${FASHION_MNIST_DIR_ENV_VAR} (or the directory option) at them.`,
  );
}
