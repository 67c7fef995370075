import type { MorphModel } from '@morphsweep/morphnet';
import type { OptimizerName } from '@morphsweep/contracts';
import { BatchCursor, type DataCursorState } from '../data/batch-cursor';
import { Rng, type RngState } from '../data/rng';
import { TrainingError } from '../training.error';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint.codec';
import type { LoopState } from './loop.state';
import { modelStateTensors, restoreModelState } from './model-state.checkpoint';
import type { SlotOptimizer } from './optimizer.state';
import { checkTrajectory, type Trajectory } from './training.trajectory';

/** The `meta.format` of a checkpoint: `morphsweep-<run kind>-checkpoint/v<version>`. */
export function checkpointFormat(kind: string, version: number): string {
  return `morphsweep-${kind}-checkpoint/v${version}`;
}

/**
 * What every training checkpoint holds besides the tensors of `modelStateTensors` (model
 * variables with batch-norm moving statistics, optimizer slots): the format, the trajectory
 * it belongs to, the backend that wrote it, the {@link LoopState} and the optimizer's
 * iteration count; then the policy's own `Progress` fields (epoch records, evaluations…).
 */
export type TrainingCheckpointMeta<Progress extends object> = {
  readonly format: string;
  readonly trajectory: Trajectory;
  readonly backend: string;
  readonly step: number;
  readonly optimizer: { readonly kind: OptimizerName; readonly iterations: number };
  readonly cursor: DataCursorState;
  readonly rng: RngState;
} & Progress;

/** Which run a checkpoint belongs to: its format and trajectory. */
export interface CheckpointIdentity {
  /** `meta.format` written. */
  readonly format: string;
  /** Formats read (the written one first); older ones may lack `trajectory`, see `checkTrajectory`. */
  readonly reads: readonly string[];
  /** Names the run in mismatch messages ('retraining'). */
  readonly runKind: string;
  readonly trajectory: Trajectory;
}

/** Encodes a run's state as a checkpoint (`encodeCheckpoint`'s binary format). */
export function encodeTrainingCheckpoint<Progress extends object>(
  identity: CheckpointIdentity,
  backend: string,
  session: { readonly model: MorphModel; readonly optimizer: SlotOptimizer },
  state: LoopState,
  progress: Progress,
): Uint8Array {
  const { optimizer } = session;
  const meta: TrainingCheckpointMeta<Progress> = {
    format: identity.format,
    trajectory: identity.trajectory,
    backend,
    step: state.step,
    optimizer: { kind: optimizer.kind, iterations: optimizer.iterations },
    cursor: state.cursor.state(),
    rng: state.rng.state(),
    ...progress,
  };
  return encodeCheckpoint({ meta, tensors: modelStateTensors(session.model, optimizer) });
}

/**
 * Restores a checkpoint into `session`'s model and optimizer and returns the loop state and
 * the whole metadata (for the policy's progress). Throws `TrainingError`:
 * `CHECKPOINT_INVALID` for bytes that are not a checkpoint of a format `identity` reads
 * (another run kind, corrupt, truncated, malformed metadata); `CHECKPOINT_MISMATCH` from the
 * one trajectory check, or naming the variable or slot that does not fit; `CURSOR_MISMATCH`
 * when the training set has another size.
 */
export function restoreTrainingCheckpoint<Progress extends object>(
  bytes: Uint8Array,
  identity: CheckpointIdentity,
  session: {
    readonly model: MorphModel;
    readonly optimizer: SlotOptimizer;
    readonly trainCount: number;
  },
): { state: LoopState; meta: TrainingCheckpointMeta<Progress> } {
  const { meta, tensors } = decodeCheckpoint<TrainingCheckpointMeta<Progress>>(bytes);
  if (!identity.reads.includes(meta?.format)) {
    throw new TrainingError(
      'CHECKPOINT_INVALID',
      `checkpoint format is ${String(meta?.format)}, expected ${identity.format}`,
    );
  }
  checkTrajectory(identity.trajectory, meta, identity.runKind);
  const { optimizer } = session;
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
  restoreModelState(tensors, session.model, optimizer, meta.optimizer.iterations);
  const state: LoopState = {
    step: meta.step,
    cursor: BatchCursor.restore(meta.cursor, { datasetSize: session.trainCount }),
    rng: Rng.fromState(meta.rng),
  };
  return { state, meta };
}
