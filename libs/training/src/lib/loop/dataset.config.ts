import {
  DATASET_SIZES,
  DEFAULT_VALIDATION_FRACTION,
  REGISTERED_DATASET_KIND,
  type ResolvedDataset,
} from '@morphsweep/contracts';
import { loadFashionMnist } from '../data/fashion-mnist';
import { subsetDataset, type ImageDataset } from '../data/image-dataset';
import { Rng } from '../data/rng';
import { splitTrainValidation } from '../data/split';
import { makeSyntheticDataset } from '../data/synthetic';
import { loadRegisteredDataset } from '../data/registered-dataset';
import { TrainingError } from '../training.error';
import type { DatasetConfig, RegisteredDatasetConfig } from './training.types';

/**
 * Images of the synthetic set when `subsetSize` is not given: contracts' size of the set, which
 * the sweep domain's step budgets count too.
 */
export const DEFAULT_SYNTHETIC_SIZE = DATASET_SIZES.synthetic;

/**
 * Loads the data set a run asks for and splits it: synthetic (28×28×1, 10 classes,
 * `subsetSize` images, default {@link DEFAULT_SYNTHETIC_SIZE}), the Fashion-MNIST training
 * split, or a registered dataset's training split streamed from its cached tensor file (each
 * of these two: the first `subsetSize` images after a shuffle seeded by `seed`). `validationFraction`
 * (default 0.1) is held out by a seeded split. Same config and seed → same sets.
 */
export async function loadDatasetSplits(
  config: DatasetConfig,
  seed: number,
): Promise<{ train: ImageDataset; validation: ImageDataset }> {
  const fraction = config.validationFraction ?? DEFAULT_VALIDATION_FRACTION;
  if (!(fraction > 0 && fraction < 1))
    throw new TrainingError(
      'INVALID_ARGUMENT',
      `validationFraction must be in (0, 1), got ${fraction}`,
    );
  if (
    config.subsetSize !== undefined &&
    !(Number.isInteger(config.subsetSize) && config.subsetSize >= 2)
  ) {
    throw new TrainingError(
      'INVALID_ARGUMENT',
      `subsetSize must be an integer ≥ 2, got ${config.subsetSize}`,
    );
  }
  let data: ImageDataset;
  if (config.kind === 'synthetic') {
    data = makeSyntheticDataset({ count: config.subsetSize ?? DEFAULT_SYNTHETIC_SIZE, seed });
  } else if (config.kind === 'fashion-mnist') {
    data = shuffledSubset(
      await loadFashionMnist({ split: 'train', directory: config.directory }),
      config.subsetSize,
      seed,
    );
  } else if (config.kind === REGISTERED_DATASET_KIND) {
    data = shuffledSubset(
      await loadRegisteredDataset(resolvedOf(config), 'train'),
      config.subsetSize,
      seed,
    );
  } else {
    throw new TrainingError(
      'INVALID_ARGUMENT',
      `unknown dataset kind "${(config as { kind: string }).kind}"`,
    );
  }
  return splitTrainValidation(data, { validationFraction: fraction, seed: seed + 1 });
}

// The first `size` images after a shuffle seeded by `seed`; the whole set without a size.
function shuffledSubset(data: ImageDataset, size: number | undefined, seed: number): ImageDataset {
  if (size === undefined || size >= data.count) return data;
  const order = Rng.fromSeed(seed ^ 0x5eed).shuffle(
    Int32Array.from({ length: data.count }, (_, i) => i),
  );
  return subsetDataset(data, order.subarray(0, size), `${data.name}[${size}]`);
}

/**
 * The resolved registration of a registered dataset config. Throws `INVALID_ARGUMENT` for a
 * spec that names a dataset the API never resolved (submitted around it).
 */
export function resolvedOf(config: RegisteredDatasetConfig): ResolvedDataset {
  if (!config.resolved)
    throw new TrainingError(
      'INVALID_ARGUMENT',
      `registered dataset "${config.dataset}" is not resolved: submit the sweep through the API, which looks it up`,
    );
  return config.resolved;
}
