import type {
  AugmentationName,
  EvaluationSplit,
  OptimizerName,
  RetrainBudgetSpec,
} from '@morphsweep/contracts';
import type { NetworkDescription } from '@morphsweep/morphnet';
import type { TrainingLoopOptions } from '../loop/training.loop';
import type { CheckpointSink, DatasetConfig } from '../loop/training.types';
import type { MorphNetTarget, TrainingBudget } from '../structure-learning/learn-structure.types';
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
  readonly optimizer?: OptimizerName;
  /** Default cosine. */
  readonly schedule?: ScheduleKind;
  /**
   * Epochs (strictly increasing, each before `epochs`) at which the `step` schedule multiplies
   * the rate by `decayFactor`; without them it decays after each third of the steps.
   */
  readonly milestones?: readonly number[];
  /** The `step` schedule's factor at each milestone (default 0.1). */
  readonly decayFactor?: number;
  /** Linear warm-up steps (default 0). */
  readonly warmupSteps?: number;
  /** The momentum optimizer's μ (default 0.9). */
  readonly momentum?: number;
  /** Nesterov momentum (momentum optimizer only; default false). */
  readonly nesterov?: boolean;
  /** L2 weight decay of the kernels — not batch-norm scales and shifts, biases (default 0). */
  readonly weightDecay?: number;
  /**
   * Training augmentation, seeded by each step's seed (default: the dataset's,
   * `defaultAugmentation` — crop-flip for RGB, none for grayscale).
   */
  readonly augmentation?: AugmentationName;
  readonly seed: number;
  /** Resource of the reported `cost` (default FLOPs); family and threshold are not used. */
  readonly costResource?: Pick<MorphNetTarget, 'resource' | 'hardware'>;
  /** Final accuracy on the held-out validation split (default) or the Fashion-MNIST test split. */
  readonly evaluateOn?: EvaluationSplit;
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

/**
 * Options of `retrain`: the training loop's (signal, checkpoints, resumeFrom, onStep,
 * onProgress, onCheckpoint) and a per-epoch report.
 */
export interface RetrainOptions extends TrainingLoopOptions {
  onEpoch?(epoch: RetrainEpoch): Promise<void> | void;
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

/**
 * A sweep's retraining budget: a structure-learning budget (steps, no recipe), or the
 * retrain policy's own — steps or epochs, and the optional recipe fields.
 */
export type RetrainBudget = TrainingBudget | RetrainBudgetSpec;

/**
 * A retraining under a sweep's budget: what the retraining activity asks its trainer for (the
 * worker's default trainer turns steps into whole epochs, maps the recipe and calls `retrain`).
 */
export interface RetrainRequest {
  readonly network: NetworkDescription;
  readonly dataset: DatasetConfig;
  readonly budget: RetrainBudget;
  readonly seed: number;
  /** The sweep's target: the resource of the reported cost. */
  readonly target: MorphNetTarget;
}

/** Options of a trainer serving a {@link RetrainRequest}: the activity always checkpoints. */
export type RetrainRequestOptions = RetrainOptions & { readonly checkpoints: CheckpointSink };
