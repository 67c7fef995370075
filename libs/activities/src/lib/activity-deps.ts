import type { Db } from '@morphsweep/db';
import type { ArtifactStore } from '@morphsweep/storage';
import type {
  LearnStructureConfig,
  LearnStructureHooks,
  LearnStructureOptions,
  LearnStructureResult,
  RetrainRequest,
  RetrainRequestOptions,
  RetrainResult,
} from '@morphsweep/training';

/** The structure-learning loop (`learnStructure` of `@morphsweep/training`). */
export type LearnStructureFn = (
  config: LearnStructureConfig,
  hooks: LearnStructureHooks,
  options: LearnStructureOptions,
) => Promise<LearnStructureResult>;

/**
 * The retraining loop under a sweep's step budget: trains `request.network` from scratch and
 * evaluates it (the worker's default is `retrain` of `@morphsweep/training`).
 */
export type RetrainFn = (
  request: RetrainRequest,
  options: RetrainRequestOptions,
) => Promise<RetrainResult>;

/** What activities need from their process. The worker builds one per process. */
export interface ActivityDeps {
  db: Db;
  store: ArtifactStore;
  /** The structure-learning loop; required on a worker serving a training queue. */
  learnStructure?: LearnStructureFn;
  /** The retraining loop; required on a worker serving a training queue. */
  retrain?: RetrainFn;
  /** Heartbeat at most this often while training (ms, default 2,000). */
  heartbeatIntervalMs?: number;
  /** Recorded on runs as `workerIdentity` (default `<hostname>:<pid>`). */
  identity?: string;
  /**
   * Checkpoints kept per run or retraining, newest first (default 3): older ones are deleted
   * from the store and the Artifact table as new ones are written. More than one, so a bad
   * newest checkpoint has a previous one to fall back to.
   */
  checkpointsKept?: number;
}
