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
export { describeBackendSelection } from './lib/backend/backend.describe';
export { loadedNativeTensorflow } from './lib/backend/native-tensorflow.loader';
export {
  registerNativeTrainingKernels,
  NATIVE_TRAINING_KERNELS,
} from './lib/kernels/register-native-kernels';
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
export { augmentImages, defaultAugmentation, CROP_PADDING } from './lib/data/augment';
export type { CheckpointSink, DatasetConfig } from './lib/loop/training.types';
export {
  runTrainingLoop,
  type TrainingLoopOptions,
  type LoopOutcome,
} from './lib/loop/training.loop';
export type { TrainingPolicy, LoopStop } from './lib/loop/training.policy';
export {
  withTrainingSession,
  type TrainingSetup,
  type TrainingSession,
} from './lib/loop/training.session';
export type { CheckpointIdentity, TrainingCheckpointMeta } from './lib/loop/training.checkpoint';
export type { Trajectory } from './lib/loop/training.trajectory';
export { newestCheckpoint, type CheckpointRef } from './lib/loop/resume-point';
export {
  SlotOptimizer,
  type OptimizerOptions,
  type OptimizerSlot,
} from './lib/loop/optimizer.state';
export {
  encodeCheckpoint,
  decodeCheckpoint,
  CHECKPOINT_MAGIC,
  type CheckpointData,
  type CheckpointTensor,
} from './lib/loop/checkpoint.codec';
export { loadDatasetSplits, DEFAULT_SYNTHETIC_SIZE } from './lib/loop/dataset.config';
export { evaluateAccuracy } from './lib/loop/evaluate.accuracy';
export { trainStep, type TrainStepOptions, type StepLosses } from './lib/loop/train.step';
export { activeBackendName } from './lib/loop/backend.name';
export type {
  LearnMetricPoint,
  ThresholdStructure,
  LearnStructureConfig,
  LearnStructureHooks,
  LearnStructureOptions,
  LearnStructureResult,
  MorphNetTarget,
  TrainingBudget,
} from './lib/structure-learning/learn-structure.types';
export { learnStructure } from './lib/structure-learning/learn-structure';
export {
  StructureLearningPolicy,
  LEARN_CHECKPOINT_FORMAT,
  learnTrajectory,
  type LearnCheckpointMeta,
  type LearnProgress,
} from './lib/structure-learning/learn-structure.policy';
export {
  hasConverged,
  DEFAULT_CONVERGENCE,
  type ConvergenceOptions,
  type ConvergencePoint,
} from './lib/structure-learning/convergence.rule';
export { structureHash, canonicalJson } from './lib/structure-learning/structure.hash';
export { isCollapsed } from './lib/structure-learning/structure.collapse';
export { retrain, retrainNetwork } from './lib/retraining/retrain';
export { RetrainingPolicy } from './lib/retraining/retrain.policy';
export type {
  RetrainConfig,
  RetrainEpoch,
  RetrainBudget,
  RetrainOptions,
  RetrainRequest,
  RetrainRequestOptions,
  RetrainResult,
  RetrainTarget,
} from './lib/retraining/retrain.types';
export {
  learningRateAt,
  type ScheduleKind,
  type StepDecay,
} from './lib/retraining/learning-rate.schedule';
export {
  RETRAIN_CHECKPOINT_FORMAT,
  retrainTrajectory,
  type RetrainCheckpointMeta,
  type RetrainProgress,
  type RetrainTrajectory,
} from './lib/retraining/retrain.checkpoint';
