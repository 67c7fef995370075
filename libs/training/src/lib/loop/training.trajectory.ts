import { createHash } from 'node:crypto';
import { TrainingError } from '../training.error';
import { canonicalJson } from '../structure-learning/structure.hash';

/**
 * The settings that decide a run's trajectory, as plain JSON: two runs with equal
 * trajectories take the same steps, so a checkpoint of one resumes the other exactly. Each
 * policy names its own fields (never the step budget's intervals, which do not change a step).
 */
export type Trajectory = Readonly<Record<string, unknown>>;

/** sha256 (hex) of the canonical (sorted-key) JSON of a trajectory. */
export function trajectoryDigest(trajectory: Trajectory): string {
  return createHash('sha256').update(canonicalJson(trajectory)).digest('hex');
}

/**
 * What a checkpoint recorded of the run that wrote it: its trajectory, or — structure-learning
 * checkpoints of format v1 — only that trajectory's {@link trajectoryDigest} (`configHash`).
 */
export interface RecordedTrajectory {
  readonly trajectory?: unknown;
  readonly configHash?: unknown;
}

/**
 * The one checkpoint-mismatch check of every training run: the checkpoint must have been
 * written by a run with the same trajectory, field for field (canonical JSON). Throws
 * `CHECKPOINT_MISMATCH` naming the fields that differ, in `expected`'s order ("written by a
 * `runKind` with another epochs, seed"); for a v1 digest, which cannot name them, it says so.
 */
export function checkTrajectory(
  expected: Trajectory,
  recorded: RecordedTrajectory,
  runKind: string,
): void {
  if (recorded.trajectory === undefined && typeof recorded.configHash === 'string') {
    if (recorded.configHash === trajectoryDigest(expected)) return;
    throw new TrainingError(
      'CHECKPOINT_MISMATCH',
      `checkpoint was written by a ${runKind} with another ${Object.keys(expected).join(', ')} (one or more; its format records only their digest)`,
    );
  }
  const theirs = (recorded.trajectory ?? {}) as Record<string, unknown>;
  const differing = Object.entries(expected)
    .filter(([key, value]) => canonicalJson(theirs[key]) !== canonicalJson(value))
    .map(([key]) => key);
  if (differing.length > 0) {
    throw new TrainingError(
      'CHECKPOINT_MISMATCH',
      `checkpoint was written by a ${runKind} with another ${differing.join(', ')}`,
    );
  }
}
