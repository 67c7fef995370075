import type { MorphnetFamily, OptimizerName, TargetResource } from '@morphsweep/contracts';
import type { NetworkDescription } from '@morphsweep/morphnet';
import type { CheckpointSink, DatasetConfig } from '../loop/training.types';

/**
 * The contract between the structure-learning loop (libs/training) and its callers (the
 * Temporal activity, the CLI). Plain JSON-serialisable data only, so a config can be stored
 * in a sweep spec and a result in the database.
 */

/** Which MorphNet regularizer family and which resource it targets. */
export interface MorphNetTarget {
  family: MorphnetFamily;
  resource: TargetResource;
  /** Hardware profile name for `latency` (e.g. 'V100', 'H100', 'host-cpu'). */
  hardware?: string;
}

export interface TrainingBudget {
  steps: number;
  batchSize: number;
  optimizer: OptimizerName;
  learningRate: number;
  /** Evaluate on the validation set every N steps (and at the end). */
  evalInterval: number;
  /** Write a checkpoint every N steps. */
  checkpointInterval: number;
}

/** Everything one structure-learning run needs. */
export interface LearnStructureConfig {
  network: NetworkDescription;
  dataset: DatasetConfig;
  target: MorphNetTarget;
  strength: number;
  threshold: number;
  budget: TrainingBudget;
  seed: number;
  /**
   * Other alive thresholds to read the structure at on every evaluation (candidates); they
   * change nothing of the training, so they are not part of its trajectory.
   */
  candidateThresholds?: readonly number[];
}

/** The structure at another alive threshold, read at an evaluation step. */
export interface ThresholdStructure {
  threshold: number;
  /** Alive channels per op (MorphNet structure format) at this threshold. */
  aliveCounts: Record<string, number>;
  /** Cost of that alive structure in the target resource. */
  cost: number;
  /** Whether that structure no longer connects input and output (not retrainable). */
  collapsed: boolean;
}

/** One point of the training curve. */
export interface LearnMetricPoint {
  step: number;
  taskLoss: number;
  regLoss: number;
  /** Cost of the structure alive at this step, in the target resource. */
  cost: number;
  /** Validation accuracy, on evaluation steps only. */
  accuracy?: number;
  examplesPerSecond?: number;
  /** Alive channels per op (MorphNet structure format), on evaluation steps only. */
  aliveCounts?: Record<string, number>;
  /** The structure at each of `candidateThresholds`, on evaluation steps only. */
  atThresholds?: ThresholdStructure[];
}

/** How the loop reports while it runs. Each hook may be async; the loop awaits it. */
export interface LearnStructureHooks {
  onMetrics?(points: LearnMetricPoint[]): Promise<void> | void;
  onCheckpoint?(checkpoint: { step: number; uri: string }): Promise<void> | void;
  /** Called every step with the current step (cheap; for heartbeats). */
  onStep?(step: number): void;
  /** Called every step, after `onStep`, with that step's training losses (for progress bars). */
  onProgress?(progress: { step: number; taskLoss: number; regLoss: number }): void;
}

export interface LearnStructureOptions {
  checkpoints: CheckpointSink;
  /** Resume from this checkpoint URI instead of step 0. */
  resumeFrom?: string;
  /** Stops the loop within a step; the result then has status 'cancelled'. */
  signal?: AbortSignal;
}

/** Outcome of a run. `collapsed`: every channel of some path died (no usable structure). */
export interface LearnStructureResult {
  status: 'succeeded' | 'collapsed' | 'cancelled';
  /** Reason the loop stopped: 'budget' | 'converged' | 'collapsed' | 'cancelled'. */
  stopReason: 'budget' | 'converged' | 'collapsed' | 'cancelled';
  stepsTrained: number;
  /** Alive counts in MorphNet's exported-structure format. */
  structure: Record<string, number>;
  /** Stable hash of `structure` (sorted keys), for deduplication. */
  structureHash: string;
  /** Cost of the learned structure in the target resource, and in each resource. */
  cost: number;
  flops: number;
  modelSize: number;
  latency?: number;
  accuracy: number;
  regLoss: number;
  /** The backend that trained it (BackendInfo.name). */
  backend: string;
}
