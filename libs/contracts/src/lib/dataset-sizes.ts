import type { DatasetKind } from './datasets';

/**
 * Images in each built-in dataset before any subset or validation split: Fashion-MNIST's
 * training file holds 60,000; the synthetic set is generated, at `subsetSize` images when a
 * spec gives one and at this many otherwise. Data, so the trainer that loads a dataset and the
 * sweep rules that budget over it count the same images.
 */
export const DATASET_SIZES: Readonly<Record<DatasetKind, number>> = {
  synthetic: 2000,
  'fashion-mnist': 60_000,
};

/** Share of a dataset held out for validation when a spec gives no `validationFraction`. */
export const DEFAULT_VALIDATION_FRACTION = 0.1;
