import type { MorphnetFamily } from './morphnet-target';

/** A closed or open interval of valid alive thresholds. */
export interface ThresholdRange {
  min: number;
  max: number;
  minInclusive: boolean;
  maxInclusive: boolean;
}

/**
 * Valid alive thresholds per family. Gamma and group lasso compare a non-negative magnitude
 * (|γ| or a group norm) strictly against the threshold, so any finite value ≥ 0 is valid.
 * Logistic-sigmoid (FiGS) compares a gate probability, so the threshold lies in (0, 1).
 */
export const THRESHOLD_RANGES: Readonly<Record<MorphnetFamily, ThresholdRange>> = {
  gamma: { min: 0, max: Number.MAX_VALUE, minInclusive: true, maxInclusive: true },
  'group-lasso': { min: 0, max: Number.MAX_VALUE, minInclusive: true, maxInclusive: true },
  'logistic-sigmoid': { min: 0, max: 1, minInclusive: false, maxInclusive: false },
};

/** Whether `threshold` is valid for `family`. */
export function isValidThreshold(family: MorphnetFamily, threshold: number): boolean {
  const r = THRESHOLD_RANGES[family];
  if (!Number.isFinite(threshold)) return false;
  const aboveMin = r.minInclusive ? threshold >= r.min : threshold > r.min;
  const belowMax = r.maxInclusive ? threshold <= r.max : threshold < r.max;
  return aboveMin && belowMax;
}

/** The range as text for error messages, e.g. `(0, 1)` or `[0, ∞)`. */
export function describeThresholdRange(family: MorphnetFamily): string {
  const r = THRESHOLD_RANGES[family];
  const max = r.max === Number.MAX_VALUE ? '∞)' : `${r.max}${r.maxInclusive ? ']' : ')'}`;
  return `${r.minInclusive ? '[' : '('}${r.min}, ${max}`;
}
