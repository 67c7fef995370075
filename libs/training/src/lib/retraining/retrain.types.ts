import type { NetworkDescription } from '@morphsweep/morphnet';
import type {
  CheckpointSink,
  DatasetConfig,
  MorphNetTarget,
} from '../structure-learning/learn-structure.types';
import type { OptimizerKind } from '../structure-learning/optimizer.state';
import type { ScheduleKind } from './learning-rate.schedule';

/**
 * What to retrain: a network as it is, a seed network with a learned structure (MorphNet
 * format, applied with `applyStructure`), or a seed network scaled by a uniform width
 * multiplier (the baseline MorphNet is compared against).
 */
export type RetrainTarget =
  | NetworkDescription
  | { readonly network: NetworkDescription; readonly structure: Readonly<Record<string, number>> }
  | { readonly network: NetworkDescription; readonly widthMultiplier: number };

/** How to retrain. */
export interface RetrainConfig {
  readonly dataset: DatasetConfig;
  readonly epochs: number;
  readonly batchSize: number;
  /** Peak learning rate. */
  readonly learningRate: number;
  /** Default adam. */
  readonly optimizer?: OptimizerKind;
  /** Default cosine. */
  readonly schedule?: ScheduleKind;
  /** Linear warm-up steps (default 0). */
  readonly warmupSteps?: number;
  readonly seed: number;
  /** Resource of the reported `cost` (default FLOPs); family and threshold are not used. */
  readonly costResource?: Pick<MorphNetTarget, 'resource' | 'hardware'>;
  /** Final accuracy on the held-out validation split (default) or the Fashion-MNIST test split. */
  readonly evaluateOn?: 'validation' | 'test';
  /**
   * Write a checkpoint through `RetrainOptions.checkpoints` every N steps and after the last
   * step (none without it). Does not change the trajectory: a run resumes from a checkpoint
   * written with another interval.
   */
  readonly checkpointInterval?: number;
}

/** Per-epoch progress. */
export interface RetrainEpoch {
  readonly epoch: number;
  readonly steps: number;
  /** Mean training cross-entropy of the epoch. */
  readonly loss: number;
  readonly learningRate: number;
  readonly validationAccuracy: number;
  readonly examplesPerSecond: number;
}

/** Options of `retrain`. */
export interface RetrainOptions {
  /** Stops the loop after the current step; the result then has status 'cancelled'. */
  readonly signal?: AbortSignal;
  /** Where checkpoints go and come from (needed for `checkpointInterval` and `resumeFrom`). */
  readonly checkpoints?: CheckpointSink;
  /** Continue from this checkpoint URI (of `checkpoints`) instead of step 0. */
  readonly resumeFrom?: string;
  onEpoch?(epoch: RetrainEpoch): Promise<void> | void;
  /** Called after every step with the steps trained so far (cheap; for heartbeats). */
  onStep?(step: number): void;
  /** Called after every checkpoint is saved. */
  onCheckpoint?(checkpoint: { step: number; uri: string }): Promise<void> | void;
}

/** Outcome of a retraining. */
export interface RetrainResult {
  readonly status: 'succeeded' | 'cancelled';
  /** The network that was trained (learned widths or scaled, no parameter values). */
  readonly network: NetworkDescription;
  readonly epochs: readonly RetrainEpoch[];
  readonly steps: number;
  /** Final accuracy on `evaluateOn`. */
  readonly accuracy: number;
  /** Full-width cost of the trained network in `costResource`, and FLOPs / model size. */
  readonly cost: number;
  readonly flops: number;
  readonly modelSize: number;
  /** Trainable parameters. */
  readonly parameters: number;
  readonly backend: string;
}
