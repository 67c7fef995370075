/** Built-in datasets a sweep can train on. */
export const DATASET_KINDS = ['synthetic', 'fashion-mnist'] as const;
export type DatasetKind = (typeof DATASET_KINDS)[number];
