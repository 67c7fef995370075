import { DATASET_SIZES, DEFAULT_VALIDATION_FRACTION } from '@morphsweep/contracts';
import { loadFashionMnist } from '../data/fashion-mnist';
import { subsetDataset, type ImageDataset } from '../data/image-dataset';
import { Rng } from '../data/rng';
import { splitTrainValidation } from '../data/split';
import { makeSyntheticDataset } from '../data/synthetic';
import { TrainingError } from '../training.error';
import type { DatasetConfig } from './training.types';

/**
 * Images of the synthetic set when `subsetSize` is not given: contracts' size of the set, which
 * the sweep domain's step budgets count too.
 */
export const DEFAULT_SYNTHETIC_SIZE = DATASET_SIZES.synthetic;

/**
 * Loads the data set a run asks for and splits it: synthetic (28×28×1, 10 classes,
 * `subsetSize` images, default {@link DEFAULT_SYNTHETIC_SIZE}) or the Fashion-MNIST training
 * split (first `subsetSize` images after a shuffle seeded by `seed`). `validationFraction`
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
    data = await loadFashionMnist({ split: 'train', directory: config.directory });
    if (config.subsetSize !== undefined && config.subsetSize < data.count) {
      const order = Rng.fromSeed(seed ^ 0x5eed).shuffle(
        Int32Array.from({ length: data.count }, (_, i) => i),
      );
      data = subsetDataset(
        data,
        order.subarray(0, config.subsetSize),
        `${data.name}[${config.subsetSize}]`,
      );
    }
  } else {
    throw new TrainingError(
      'INVALID_ARGUMENT',
      `unknown dataset kind "${(config as { kind: string }).kind}"`,
    );
  }
  return splitTrainValidation(data, { validationFraction: fraction, seed: seed + 1 });
}
