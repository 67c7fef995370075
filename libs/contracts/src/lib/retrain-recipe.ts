/**
 * Learning-rate schedules of retraining: cosine decay to 0 (the default), step decay (×factor
 * at epoch milestones) and constant. Structure learning always keeps a fixed rate, as MorphNet
 * recommends.
 */
export const LR_SCHEDULES = ['cosine', 'step', 'constant'] as const;
export type LrScheduleName = (typeof LR_SCHEDULES)[number];

/**
 * Training augmentations of retraining: none, or the standard CIFAR recipe (random crop with
 * 4-pixel zero padding and a horizontal flip). The default depends on the data: `crop-flip`
 * for RGB (CIFAR-like) images, `none` for grayscale ones such as Fashion-MNIST.
 */
export const AUGMENTATIONS = ['none', 'crop-flip'] as const;
export type AugmentationName = (typeof AUGMENTATIONS)[number];

/** Where a retraining's final accuracy is measured: the validation split or the test split. */
export const EVALUATION_SPLITS = ['validation', 'test'] as const;
export type EvaluationSplit = (typeof EVALUATION_SPLITS)[number];
