export { TrainingError, type TrainingErrorCode } from './lib/training.error';
export {
  BACKEND_NAMES,
  isBackendName,
  type BackendName,
  type BackendInfo,
  type BackendFallback,
  type BackendSelection,
} from './lib/backend/backend-info';
export {
  selectBackend,
  BACKEND_ENV_VAR,
  THREADS_ENV_VAR,
  type SelectBackendOptions,
} from './lib/backend/select-backend';
export type { BackendLoader, BackendLoadOptions } from './lib/backend/backend-loaders';
export {
  useThreadedWasmBackend,
  releaseWasmBackend,
  MAX_WASM_THREADS,
  type WasmThreadsInfo,
} from './lib/backend/wasm-threads.backend';
export {
  registerWasmTrainingKernels,
  WASM_TRAINING_KERNELS,
} from './lib/kernels/register-training-kernels';
export { Rng, type RngState } from './lib/data/rng';
export { imageSize, subsetDataset, type ImageDataset } from './lib/data/image-dataset';
export { parseIdx, type IdxArray } from './lib/data/idx';
export {
  loadFashionMnist,
  DEFAULT_FASHION_MNIST_DIR,
  FASHION_MNIST_DIR_ENV_VAR,
  FASHION_MNIST_CLASSES,
  type FashionMnistOptions,
} from './lib/data/fashion-mnist';
export { makeSyntheticDataset, type SyntheticOptions } from './lib/data/synthetic';
export { splitTrainValidation, type SplitOptions } from './lib/data/split';
export {
  BatchCursor,
  type BatchCursorOptions,
  type BatchIndices,
  type DataCursorState,
} from './lib/data/batch-cursor';
export { makeBatch, type Batch } from './lib/data/batch';
export type {
  CheckpointSink,
  DatasetConfig,
  LearnMetricPoint,
  LearnStructureConfig,
  LearnStructureHooks,
  LearnStructureOptions,
  LearnStructureResult,
  MorphNetTarget,
  TrainingBudget,
} from './lib/structure-learning/learn-structure.types';
export {
  learnStructure,
  LEARN_CHECKPOINT_FORMAT,
  trajectoryHash,
  type LearnCheckpointMeta,
} from './lib/structure-learning/learn-structure';
export {
  SlotOptimizer,
  type OptimizerKind,
  type OptimizerOptions,
  type OptimizerSlot,
} from './lib/structure-learning/optimizer.state';
export {
  encodeCheckpoint,
  decodeCheckpoint,
  CHECKPOINT_MAGIC,
  type CheckpointData,
  type CheckpointTensor,
} from './lib/structure-learning/checkpoint.codec';
export {
  hasConverged,
  DEFAULT_CONVERGENCE,
  type ConvergenceOptions,
  type ConvergencePoint,
} from './lib/structure-learning/convergence.rule';
export { structureHash, canonicalJson } from './lib/structure-learning/structure.hash';
export { isCollapsed } from './lib/structure-learning/structure.collapse';
export { loadDatasetSplits, DEFAULT_SYNTHETIC_SIZE } from './lib/structure-learning/dataset.config';
export { evaluateAccuracy } from './lib/structure-learning/evaluate.accuracy';
export {
  trainStep,
  type TrainStepOptions,
  type StepLosses,
} from './lib/structure-learning/train.step';
export { activeBackendName } from './lib/structure-learning/backend.name';
export { retrain, retrainNetwork } from './lib/retraining/retrain';
export type {
  RetrainConfig,
  RetrainEpoch,
  RetrainOptions,
  RetrainResult,
  RetrainTarget,
} from './lib/retraining/retrain.types';
export { learningRateAt, type ScheduleKind } from './lib/retraining/learning-rate.schedule';
export {
  RETRAIN_CHECKPOINT_FORMAT,
  type RetrainCheckpointMeta,
  type RetrainTrajectory,
} from './lib/retraining/retrain.checkpoint';
