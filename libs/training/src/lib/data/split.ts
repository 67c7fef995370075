import { TrainingError } from '../training.error';
import { subsetDataset, type ImageDataset } from './image-dataset';
import { Rng } from './rng';

/** Options of {@link splitTrainValidation}: give exactly one of the two sizes. */
export interface SplitOptions {
  /** Share of images held out, in (0, 1). */
  readonly validationFraction?: number;
  /** Number of images held out. */
  readonly validationCount?: number;
  /** Seeds the shuffle that decides which images are held out. */
  readonly seed: number;
}

/**
 * Splits `dataset` into disjoint train and validation sets, chosen by a seeded shuffle: the
 * same dataset and seed always give the same split. Throws `INVALID_ARGUMENT` when the sizes
 * are missing, both given, or leave either side empty.
 */
export function splitTrainValidation(
  dataset: ImageDataset,
  options: SplitOptions,
): { train: ImageDataset; validation: ImageDataset } {
  const { validationFraction, validationCount } = options;
  if ((validationFraction === undefined) === (validationCount === undefined)) {
    throw new TrainingError(
      'INVALID_ARGUMENT',
      'give exactly one of validationFraction and validationCount',
    );
  }
  const held = validationCount ?? Math.round((validationFraction as number) * dataset.count);
  if (!Number.isInteger(held) || held < 1 || held >= dataset.count) {
    throw new TrainingError(
      'INVALID_ARGUMENT',
      `validation size ${held} must leave both sides non-empty (of ${dataset.count})`,
    );
  }
  const order = Rng.fromSeed(options.seed).shuffle(
    Int32Array.from({ length: dataset.count }, (_, i) => i),
  );
  // Sorted within each side, so a split is also stable under reading order.
  const validation = order.slice(0, held).sort();
  const train = order.slice(held).sort();
  return {
    train: subsetDataset(dataset, train, `${dataset.name}/train`),
    validation: subsetDataset(dataset, validation, `${dataset.name}/validation`),
  };
}
