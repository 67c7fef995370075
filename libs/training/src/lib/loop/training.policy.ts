import type { Batch } from '../data/batch';
import type { CheckpointIdentity, TrainingCheckpointMeta } from './training.checkpoint';
import type { StepLosses } from './train.step';

/** Why the training loop stopped: the step budget, the abort signal, or a policy's own rule. */
export type LoopStop<Stop extends string> = 'budget' | 'cancelled' | Stop;

/**
 * What makes a training run structure learning or retraining, on top of the one training
 * loop (`runTrainingLoop`): what a step computes, what it records, when it evaluates, when it
 * stops early, and which progress its checkpoints carry. The loop owns everything else —
 * batches, the step RNG, the finite-loss check, cancellation, yielding, checkpoints, resume.
 *
 * `Progress` is plain JSON: the policy's fields of a checkpoint's metadata.
 */
export interface TrainingPolicy<Progress extends object, Stop extends string = never> {
  /** Format and trajectory of its checkpoints (the one mismatch check compares them). */
  readonly checkpoint: CheckpointIdentity;
  /** Steps the budget allows. */
  readonly totalSteps: number;
  /**
   * Checkpoint every N steps, after the last step and when the policy stops early (and, not
   * cancelled, at the end if the last step was not saved); never when undefined.
   */
  readonly checkpointInterval?: number;
  /** Completes the DIVERGED message: what to lower ("the learning rate"). */
  readonly divergenceHint: string;
  /** Takes the optimisation step at 0-based `step` on `batch`, `seed` seeding its noise. */
  step(batch: Batch, step: number, seed: number): StepLosses;
  /**
   * After step number `step` (1-based) is counted, its hooks called and the event loop let
   * run: records its losses and `ms` of training time, evaluates when due; a reason to stop.
   */
  afterStep(step: number, losses: StepLosses, ms: number): Promise<Stop | undefined>;
  /** After the loop stopped for `stop` at `step`: final evaluations; the final reason. */
  afterLoop(stop: LoopStop<Stop>, step: number): Promise<LoopStop<Stop>>;
  /** The policy's progress for a checkpoint. */
  progress(): Progress;
  /** Continues from a restored checkpoint's metadata. */
  restore(meta: TrainingCheckpointMeta<Progress>): void;
}
