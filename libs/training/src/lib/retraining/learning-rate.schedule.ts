import type { LrScheduleName } from '@morphsweep/contracts';
import { TrainingError } from '../training.error';

/** Learning-rate schedules for retraining: contracts' `LR_SCHEDULES`. */
export type ScheduleKind = LrScheduleName;

/** Where and how much the `step` schedule decays: ×`factor` at each milestone (a step count). */
export interface StepDecay {
  /** Strictly increasing steps at which the rate is multiplied by `factor`. */
  readonly milestones: readonly number[];
  readonly factor: number;
}

/**
 * The learning rate at `step` of `totalSteps` for a peak rate `base`:
 * - `cosine`: `base · ½(1 + cos(π·step/totalSteps))`, from `base` down to 0;
 * - `step`: ×`decay.factor` from each of `decay.milestones` on (the standard ResNet recipe:
 *   ×0.1 at fixed epochs); without `decay`, ×0.1 after a third of the steps and again after
 *   two thirds;
 * - `constant`: `base`.
 * An optional linear warm-up over the first `warmupSteps` steps multiplies it by `(step+1)/warmupSteps`.
 */
export function learningRateAt(
  kind: ScheduleKind,
  base: number,
  step: number,
  totalSteps: number,
  warmupSteps = 0,
  decay?: StepDecay,
): number {
  if (!(totalSteps > 0))
    throw new TrainingError('INVALID_ARGUMENT', `totalSteps must be > 0, got ${totalSteps}`);
  const progress = Math.min(Math.max(step / totalSteps, 0), 1);
  let rate: number;
  switch (kind) {
    case 'cosine':
      rate = base * 0.5 * (1 + Math.cos(Math.PI * progress));
      break;
    case 'step':
      rate = decay
        ? base * decay.factor ** decay.milestones.filter((m) => step >= m).length
        : base * 0.1 ** Math.min(Math.floor(progress * 3), 2);
      break;
    case 'constant':
      rate = base;
      break;
    default:
      throw new TrainingError('INVALID_ARGUMENT', `unknown schedule "${String(kind)}"`);
  }
  return warmupSteps > 0 && step < warmupSteps ? (rate * (step + 1)) / warmupSteps : rate;
}
