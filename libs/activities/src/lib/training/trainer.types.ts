// The training-library contract the activities code against, re-exported in one place.
import type { NetworkDescription } from '@morphsweep/morphnet';
import type {
  CheckpointSink,
  DatasetConfig,
  LearnStructureConfig,
  TrainingBudget,
} from '@morphsweep/training';

export type {
  CheckpointSink,
  LearnMetricPoint,
  LearnStructureConfig,
  LearnStructureHooks,
  LearnStructureOptions,
  LearnStructureResult,
} from '@morphsweep/training';
export type { NetworkDescription };

/** One retraining from scratch of a (slimmed) network. */
export interface RetrainConfig {
  network: NetworkDescription;
  dataset: DatasetConfig;
  budget: TrainingBudget;
  seed: number;
  target: LearnStructureConfig['target'];
}

export interface RetrainOptions {
  checkpoints: CheckpointSink;
  resumeFrom?: string;
  signal?: AbortSignal;
  onStep?(step: number): void;
  onCheckpoint?(checkpoint: { step: number; uri: string }): Promise<void> | void;
}

export interface RetrainResult {
  status: 'succeeded' | 'cancelled';
  accuracy: number;
  stepsTrained: number;
  backend: string;
}
