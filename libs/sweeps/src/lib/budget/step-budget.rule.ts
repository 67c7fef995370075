import {
  DATASET_SIZES,
  DEFAULT_VALIDATION_FRACTION,
  type DatasetKind,
} from '@morphsweep/contracts';

/** The parts of a dataset choice that decide how many images a training split holds. */
export interface DatasetExtent {
  readonly kind: DatasetKind;
  /** Images used, when the spec asks for a subset (for synthetic: images generated). */
  readonly subsetSize?: number;
  /** Share held out for validation; {@link DEFAULT_VALIDATION_FRACTION} when absent. */
  readonly validationFraction?: number;
}

/**
 * Images in the training split of `dataset`: the dataset (or its subset; a subset larger than
 * Fashion-MNIST is the whole set, a synthetic set is generated at the subset size) less the
 * validation images, rounded as the trainer's seeded split rounds them. Pure; it does not
 * validate the fraction (the spec schema and the trainer do).
 */
export function trainingSplitSize(dataset: DatasetExtent): number {
  const size = DATASET_SIZES[dataset.kind];
  const images =
    dataset.kind === 'synthetic'
      ? (dataset.subsetSize ?? size)
      : Math.min(dataset.subsetSize ?? size, size);
  const fraction = dataset.validationFraction ?? DEFAULT_VALIDATION_FRACTION;
  return images - Math.round(fraction * images);
}

/**
 * The whole epochs over `dataset`'s training split that cover a step budget of `steps`
 * batches of `batchSize` images: rounded up, at least one. Retraining budgets are given in
 * steps (as structure learning's are) and trained in epochs.
 */
export function epochsForSteps(steps: number, batchSize: number, dataset: DatasetExtent): number {
  return Math.max(1, Math.ceil((steps * batchSize) / trainingSplitSize(dataset)));
}
