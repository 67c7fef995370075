// Public API of @morphsweep/contracts: the vocabulary shared by API, CLI, dashboard,
// workflows and activities. Zod and plain types only; nothing internal is imported.
export {
  TASK_QUEUES,
  ACCELERATOR_CLASSES,
  trainingQueueFor,
  type TaskQueue,
  type AcceleratorClass,
} from './lib/task-queues';
export {
  RUN_STATES,
  SWEEP_STATES,
  FINAL_RUN_STATES,
  RESUMABLE_RUN_STATES,
  isFinalRunState,
  type RunState,
  type SweepState,
} from './lib/run-states';
export { ERROR_CODES, isErrorCode, type ErrorCode } from './lib/error-codes';
export {
  OUTCOME_ERROR_CODES,
  isCollapsedRun,
  isResumableRun,
  type RunStateAndCode,
} from './lib/run-outcomes';
export {
  MORPHNET_FAMILIES,
  TARGET_RESOURCES,
  DEFAULT_ALIVE_THRESHOLDS,
  type MorphnetFamily,
  type TargetResource,
} from './lib/morphnet-target';
export { OPTIMIZERS, type OptimizerName } from './lib/optimizers';
export {
  LR_SCHEDULES,
  AUGMENTATIONS,
  EVALUATION_SPLITS,
  type LrScheduleName,
  type AugmentationName,
  type EvaluationSplit,
} from './lib/retrain-recipe';
export { DATASET_KINDS, type DatasetKind } from './lib/datasets';
export { DATASET_SIZES, DEFAULT_VALIDATION_FRACTION } from './lib/dataset-sizes';
export {
  RETRAINING_KINDS,
  sweepWorkflowId,
  retrainingWorkflowId,
  type RetrainingKind,
} from './lib/workflow-ids';
export { retrainingSeed } from './lib/retraining-seed';
export {
  THRESHOLD_RANGES,
  isValidThreshold,
  describeThresholdRange,
  type ThresholdRange,
} from './lib/thresholds';
export {
  MAX_GRID_CELLS,
  logRange,
  strengthValues,
  expandGrid,
  suggestStrengthGrid,
  type LogRange,
  type GridCell,
} from './lib/grid';
export {
  sweepSpecSchema,
  trainingBudgetSchema,
  retrainBudgetSchema,
  seedNetworkSchema,
  datasetSchema,
  morphnetTargetSchema,
  gridSchema,
  retrainPolicySchema,
  MAX_RETRAIN_SEEDS,
  refineSchema,
  type RefineSpec,
  type SweepSpec,
  type SweepSpecInput,
  type TrainingBudgetSpec,
  type RetrainBudgetSpec,
  type RetrainPolicy,
} from './lib/sweep.schema';
export {
  parseSweepSpec,
  toSpecIssues,
  type SpecIssue,
  type SpecValidation,
} from './lib/spec-issues';
export { DEFAULT_SUBMISSION_LIMITS, type SubmissionLimits } from './lib/submission-limits';
export type { SweepPhase, SweepProgress } from './lib/sweep-progress';
export {
  paretoFrontier,
  hypervolume,
  kneePoint,
  summarizePareto,
  type ParetoPoint,
  type ParetoSummary,
} from './lib/pareto';
export {
  candidatesSchema,
  MAX_CANDIDATE_THRESHOLDS,
  type CandidatesSpec,
} from './lib/candidates.schema';
export {
  compareToUniform,
  seedSpread,
  type PointComparison,
  type RetrainedPoint,
  type SeedSpread,
  type UniformComparison,
} from './lib/uniform-comparison';
export { pageSchema, type Page } from './lib/api/page.schema';
export { apiErrorSchema, type ApiError } from './lib/api/api-error.schema';
export {
  sweepSummarySchema,
  sweepResponseSchema,
  sweepDetailResponseSchema,
  type SweepSummary,
  type SweepResponse,
  type SweepDetailResponse,
} from './lib/api/sweep.response';
export {
  runResponseSchema,
  runDetailResponseSchema,
  metricPointSchema,
  metricPageResponseSchema,
  artifactResponseSchema,
  runPointSchema,
  runPointsResponseSchema,
  type RunResponse,
  type RunDetailResponse,
  type MetricPoint,
  type MetricPageResponse,
  type ArtifactResponse,
  type RunPoint,
  type RunPointsResponse,
} from './lib/api/run.response';
export { retrainingResponseSchema, type RetrainingResponse } from './lib/api/retraining.response';
export {
  candidateResponseSchema,
  sweepCandidateResponseSchema,
  type CandidateResponse,
  type SweepCandidateResponse,
} from './lib/api/candidate.response';
export {
  zooEntrySchema,
  strengthSuggestionSchema,
  networkInspectionSchema,
  networkImportSchema,
  type ZooEntry,
  type StrengthSuggestion,
  type NetworkInspection,
  type NetworkImport,
} from './lib/api/network.response';
export {
  REGISTERED_DATASET_KIND,
  DATASET_FORMATS,
  SOURCE_DTYPES,
  BUILT_IN_DATASET_SHAPES,
  type DatasetFormat,
  type SourceDtype,
} from './lib/datasets';
export {
  builtInDatasetSchema,
  registeredDatasetSchema,
  hasTestSplit,
  type DatasetSpec,
  type RegisteredDatasetSpec,
} from './lib/sweep.schema';
export {
  datasetNameSchema,
  datasetUriSchema,
  registerDatasetSchema,
  datasetFactsSchema,
  resolvedDatasetSchema,
  type RegisterDataset,
  type DatasetFacts,
  type ResolvedDataset,
} from './lib/dataset.schema';
export { datasetResponseSchema, type DatasetResponse } from './lib/api/dataset.response';
