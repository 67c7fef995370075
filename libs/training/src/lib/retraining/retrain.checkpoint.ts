import { createHash } from 'node:crypto';
import type { OptimizerName } from '@morphsweep/contracts';
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
};

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

/** The trajectory of retraining `network` with `config`, defaults filled in. */
export function retrainTrajectory(
  network: NetworkDescription,
  config: RetrainConfig,
): RetrainTrajectory {
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
  };
}
