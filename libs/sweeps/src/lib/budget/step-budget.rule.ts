import {
  DATASET_SIZES,
  DEFAULT_VALIDATION_FRACTION,
  REGISTERED_DATASET_KIND,
  type DatasetKind,
} from '@morphsweep/contracts';

/** How many images a training split gets: the subset and validation fields of every kind. */
interface DatasetSubset {
  /** Images used, when the spec asks for a subset (for synthetic: images generated). */
  readonly subsetSize?: number;
  /** Share held out for validation; {@link DEFAULT_VALIDATION_FRACTION} when absent. */
  readonly validationFraction?: number;
}

/** The parts of a dataset choice that decide how many images a training split holds. */
export type DatasetExtent =
  | (DatasetSubset & { readonly kind: DatasetKind })
  | (DatasetSubset & {
      readonly kind: typeof REGISTERED_DATASET_KIND;
      /** What the registration found (the API resolves it at submission). */
      readonly resolved?: { readonly trainCount: number };
    });

/**
 * Images in the training split of `dataset`: the dataset (or its subset; a subset larger than
 * Fashion-MNIST or a registered dataset is the whole set, a synthetic set is generated at the
 * subset size) less the validation images, rounded as the trainer's seeded split rounds them.
 * Pure; it does not validate the fraction (the spec schema and the trainer do). Throws for a
 * registered dataset that was never resolved: its size is unknown.
 */
export function trainingSplitSize(dataset: DatasetExtent): number {
  let size: number;
  if (dataset.kind === REGISTERED_DATASET_KIND) {
    if (!dataset.resolved)
      throw new Error('the registered dataset is not resolved: its size is unknown');
    size = dataset.resolved.trainCount;
  } else {
    size = DATASET_SIZES[dataset.kind];
  }
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
