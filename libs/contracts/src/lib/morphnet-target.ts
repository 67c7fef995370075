/** MorphNet regularizer families: BatchNorm γ (L1), group lasso, and FiGS logistic-sigmoid gates. */
export const MORPHNET_FAMILIES = ['gamma', 'group-lasso', 'logistic-sigmoid'] as const;
export type MorphnetFamily = (typeof MORPHNET_FAMILIES)[number];

/** Resources a sweep can target (the cost its regularizer pushes down and its frontier plots). */
export const TARGET_RESOURCES = ['flops', 'model-size', 'latency'] as const;
export type TargetResource = (typeof TARGET_RESOURCES)[number];

/**
 * The alive threshold used when none is given: gammas and group norms are magnitudes (0.01
 * is MorphNet's usual choice), FiGS thresholds are gate probabilities (0.1).
 */
export const DEFAULT_ALIVE_THRESHOLDS: Readonly<Record<MorphnetFamily, number>> = {
  gamma: 0.01,
  'group-lasso': 0.01,
  'logistic-sigmoid': 0.1,
};
