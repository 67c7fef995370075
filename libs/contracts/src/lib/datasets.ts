/** Built-in datasets a sweep can train on. */
export const DATASET_KINDS = ['synthetic', 'fashion-mnist'] as const;
export type DatasetKind = (typeof DATASET_KINDS)[number];

/** The `kind` of a sweep dataset that names a registered dataset instead of a built-in. */
export const REGISTERED_DATASET_KIND = 'registered' as const;

/**
 * File formats a dataset can be registered in (docs/datasets.md):
 * - `idx`: LeCun's IDX pairs (`train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, and
 *   optionally `t10k-*`; `.gz` or not);
 * - `cifar10` / `cifar100`: the binary batches (`data_batch_*.bin` + `test_batch.bin`;
 *   `train.bin` + `test.bin` with fine labels);
 * - `npy`: `x_train.npy` + `y_train.npy` (and optionally `x_test.npy` + `y_test.npy`);
 * - `npz`: one archive holding those four arrays (Keras' `mnist.npz` layout);
 * - `image-folder`: one subfolder of PNG/JPEG images per class (optionally under `train/`
 *   and `test/`).
 */
export const DATASET_FORMATS = [
  'idx',
  'cifar10',
  'cifar100',
  'npy',
  'npz',
  'image-folder',
] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

/** Element types a source's images may have; every dataset is stored as bytes 0–255. */
export const SOURCE_DTYPES = ['uint8', 'float32'] as const;
export type SourceDtype = (typeof SOURCE_DTYPES)[number];

/** Shape and classes of the images the built-in datasets produce. */
export const BUILT_IN_DATASET_SHAPES: Readonly<
  Record<DatasetKind, { height: number; width: number; channels: number; numClasses: number }>
> = {
  synthetic: { height: 28, width: 28, channels: 1, numClasses: 10 },
  'fashion-mnist': { height: 28, width: 28, channels: 1, numClasses: 10 },
};
