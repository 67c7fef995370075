import { createHash } from 'node:crypto';
import type { AugmentationName, OptimizerName } from '@morphsweep/contracts';
import type { NetworkDescription } from '@morphsweep/morphnet';
import { checkpointFormat, type TrainingCheckpointMeta } from '../loop/training.checkpoint';
import type { DatasetConfig } from '../loop/training.types';
import { canonicalJson } from '../structure-learning/structure.hash';
import type { ScheduleKind } from './learning-rate.schedule';
import type { RetrainConfig, RetrainEpoch } from './retrain.types';

/** `meta.format` of a retraining checkpoint. */
export const RETRAIN_CHECKPOINT_FORMAT = checkpointFormat('retrain', 1);

/** The settings that decide a retraining's trajectory (what a checkpoint must agree with). */
export type RetrainTrajectory = {
  /** sha256 of the canonical JSON of the trained network. */
  readonly network: string;
  readonly dataset: DatasetConfig;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly optimizer: OptimizerName;
  readonly schedule: ScheduleKind;
  readonly warmupSteps: number;
  readonly seed: number;
  /** The recipe beyond those, defaults filled in; absent when it is all defaults. */
  readonly recipe?: RetrainRecipe;
};

/** The retraining recipe's fields added with epoch budgets, defaults filled in. */
export interface RetrainRecipe {
  /** The `step` schedule's milestones in epochs (empty: after each third). */
  readonly milestones: readonly number[];
  readonly decayFactor: number;
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
  readonly augmentation: AugmentationName;
}

/** The recipe of a run that sets none of its fields (every retraining before them). */
export const DEFAULT_RETRAIN_RECIPE: RetrainRecipe = {
  milestones: [],
  decayFactor: 0.1,
  momentum: 0.9,
  nesterov: false,
  weightDecay: 0,
  augmentation: 'none',
};

/** `config`'s recipe, defaults filled in (`augmentation`: the dataset's default, resolved). */
export function retrainRecipe(
  config: RetrainConfig,
  augmentation: AugmentationName,
): RetrainRecipe {
  const d = DEFAULT_RETRAIN_RECIPE;
  return {
    milestones: config.milestones ?? d.milestones,
    decayFactor: config.decayFactor ?? d.decayFactor,
    momentum: config.momentum ?? d.momentum,
    nesterov: config.nesterov ?? d.nesterov,
    weightDecay: config.weightDecay ?? d.weightDecay,
    augmentation: config.augmentation ?? augmentation,
  };
}

/**
 * Retraining's fields of a checkpoint: the epoch records so far and the sums of the epoch in
 * progress. With the loop's state this is all a resume needs; the learning rate is a
 * function of the step.
 */
export interface RetrainProgress {
  readonly epochs: readonly RetrainEpoch[];
  readonly epoch: { readonly steps: number; readonly lossSum: number; readonly seconds: number };
}

/** A retraining checkpoint's metadata (tensors: see `modelStateTensors`). */
export type RetrainCheckpointMeta = TrainingCheckpointMeta<RetrainProgress> & {
  readonly trajectory: RetrainTrajectory;
};

/**
 * The trajectory of retraining `network` with `config`, defaults filled in. The recipe is
 * left out when it is the default one, so checkpoints written before it existed (which lack
 * the field) still resume; `RetrainingPolicy.restore` catches the other direction.
 */
export function retrainTrajectory(
  network: NetworkDescription,
  config: RetrainConfig,
  recipe: RetrainRecipe = retrainRecipe(config, 'none'),
): RetrainTrajectory {
  const defaults = canonicalJson(recipe) === canonicalJson(DEFAULT_RETRAIN_RECIPE);
  return {
    network: createHash('sha256').update(canonicalJson(network)).digest('hex'),
    dataset: config.dataset,
    epochs: config.epochs,
    batchSize: config.batchSize,
    learningRate: config.learningRate,
    optimizer: config.optimizer ?? 'adam',
    schedule: config.schedule ?? 'cosine',
    warmupSteps: config.warmupSteps ?? 0,
    seed: config.seed,
    ...(defaults ? {} : { recipe }),
  };
}
