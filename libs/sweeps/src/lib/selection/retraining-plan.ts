import type { RetrainPolicy } from '@morphsweep/contracts';

/** A sweep's retraining policy reduced to what its workflow acts on. */
export interface RetrainingPlan {
  readonly policy: RetrainPolicy['policy'];
  /** Frontier structures retrained automatically when the sweep ends; 0 unless `auto`. */
  readonly topK: number;
  /** Whether each retraining (automatic or promoted) also retrains its width baseline. */
  readonly baseline: boolean;
}

/**
 * The retraining plan of a spec's policy: `none` retrains nothing and has no baseline,
 * `manual` retrains only promoted runs (top K is 0) with the policy's baseline, `auto` the top
 * K as well. Pure; workflow-safe (contracts types only).
 */
export function retrainingPlanOf(policy: RetrainPolicy): RetrainingPlan {
  return {
    policy: policy.policy,
    topK: policy.policy === 'auto' ? policy.topK : 0,
    baseline: policy.policy === 'none' ? false : policy.baseline,
  };
}
