import { createHash } from 'node:crypto';
import type { MorphModel, NetworkDescription } from '@morphsweep/morphnet';
import { BatchCursor, type DataCursorState } from '../data/batch-cursor';
import { Rng, type RngState } from '../data/rng';
import { TrainingError } from '../training.error';
import { decodeCheckpoint, encodeCheckpoint } from '../structure-learning/checkpoint.codec';
import type { DatasetConfig } from '../structure-learning/learn-structure.types';
import type { OptimizerKind, SlotOptimizer } from '../structure-learning/optimizer.state';
import { canonicalJson } from '../structure-learning/structure.hash';
import type { ScheduleKind } from './learning-rate.schedule';
import { modelStateTensors, restoreModelState } from '../structure-learning/model-state.checkpoint';
import type { RetrainConfig, RetrainEpoch } from './retrain.types';

/** `meta.format` of a retraining checkpoint. */
export const RETRAIN_CHECKPOINT_FORMAT = 'morphsweep-retrain-checkpoint/v1';

/** The settings that decide a retraining's trajectory (what a checkpoint must agree with). */
export interface RetrainTrajectory {
  /** sha256 of the canonical JSON of the trained network. */
  readonly network: string;
  readonly dataset: DatasetConfig;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly optimizer: OptimizerKind;
  readonly schedule: ScheduleKind;
  readonly warmupSteps: number;
  readonly seed: number;
}

/**
 * Where a retraining stands: the step, the data cursor, the RNG of each step's seed, the
 * epoch records so far and the sums of the epoch in progress. With the model variables
 * (batch-norm moving statistics included) and optimizer slots this is all a resume needs;
 * the learning rate is a function of the step.
 */
export interface RetrainRunState {
  step: number;
  cursor: BatchCursor;
  rng: Rng;
  epochs: RetrainEpoch[];
  /** Sums over the epoch in progress. */
  epoch: { steps: number; lossSum: number; seconds: number };
}

/** What a retraining checkpoint holds besides the tensors (see `modelStateTensors`). */
export interface RetrainCheckpointMeta {
  readonly format: typeof RETRAIN_CHECKPOINT_FORMAT;
  readonly trajectory: RetrainTrajectory;
  readonly backend: string;
  readonly step: number;
  readonly optimizer: { readonly kind: OptimizerKind; readonly iterations: number };
  readonly cursor: DataCursorState;
  readonly rng: RngState;
  readonly epochs: readonly RetrainEpoch[];
  readonly epoch: { readonly steps: number; readonly lossSum: number; readonly seconds: number };
}

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

/** Encodes the state of a retraining as a checkpoint (`encodeCheckpoint`'s format). */
export function encodeRetrainCheckpoint(
  trajectory: RetrainTrajectory,
  backend: string,
  model: MorphModel,
  optimizer: SlotOptimizer,
  s: RetrainRunState,
): Uint8Array {
  const meta: RetrainCheckpointMeta = {
    format: RETRAIN_CHECKPOINT_FORMAT,
    trajectory,
    backend,
    step: s.step,
    optimizer: { kind: optimizer.kind, iterations: optimizer.iterations },
    cursor: s.cursor.state(),
    rng: s.rng.state(),
    epochs: s.epochs,
    epoch: { ...s.epoch },
  };
  return encodeCheckpoint({ meta, tensors: modelStateTensors(model, optimizer) });
}

/**
 * Restores a retraining checkpoint into `model` and `optimizer` and returns the run state to
 * continue from. Throws `TrainingError`: `CHECKPOINT_INVALID` for bytes that are not a
 * retraining checkpoint (another format, corrupt, truncated), `CHECKPOINT_MISMATCH` naming the
 * settings that differ when it was written by a run with another trajectory, or the variable
 * or slot that does not fit; `CURSOR_MISMATCH` when the dataset has another size.
 */
export function restoreRetrainCheckpoint(
  bytes: Uint8Array,
  trajectory: RetrainTrajectory,
  model: MorphModel,
  optimizer: SlotOptimizer,
  trainCount: number,
): RetrainRunState {
  const { meta, tensors } = decodeCheckpoint<RetrainCheckpointMeta>(bytes);
  if (meta?.format !== RETRAIN_CHECKPOINT_FORMAT) {
    throw new TrainingError(
      'CHECKPOINT_INVALID',
      `checkpoint format is ${String(meta?.format)}, expected ${RETRAIN_CHECKPOINT_FORMAT}`,
    );
  }
  const theirs = (meta.trajectory ?? {}) as unknown as Record<string, unknown>;
  const differing = Object.entries(trajectory)
    .filter(([key, value]) => canonicalJson(theirs[key]) !== canonicalJson(value))
    .map(([key]) => key);
  if (differing.length > 0) {
    throw new TrainingError(
      'CHECKPOINT_MISMATCH',
      `checkpoint was written by a retraining with another ${differing.join(', ')}`,
    );
  }
  if (
    meta.optimizer?.kind !== optimizer.kind ||
    !Number.isInteger(meta.optimizer.iterations) ||
    !Number.isInteger(meta.step)
  ) {
    throw new TrainingError(
      'CHECKPOINT_INVALID',
      `checkpoint metadata is malformed (step ${String(meta.step)}, optimizer ${JSON.stringify(meta.optimizer)})`,
    );
  }
  restoreModelState(tensors, model, optimizer, meta.optimizer.iterations);
  return {
    step: meta.step,
    cursor: BatchCursor.restore(meta.cursor, { datasetSize: trainCount }),
    rng: Rng.fromState(meta.rng),
    epochs: [...meta.epochs],
    epoch: { ...meta.epoch },
  };
}
