// Public API of @morphsweep/activities: the Temporal activities of MorphSweep, built by a
// factory over their dependencies. The sweep rules they apply live in @morphsweep/sweeps.
export {
  createActivities,
  createControlActivities,
  createTrainingActivities,
  type ControlActivities,
  type TrainingActivities,
  type SweepActivities,
} from './lib/create-activities';
export type { ActivityDeps, LearnStructureFn, RetrainFn } from './lib/activity-deps';
export type { SweepPlan } from './lib/control/sweep-plan.activity';
export type { RunFinalState } from './lib/control/run-state.activities';
export type { FrontierRun, ParetoUpdate, ParetoUpdateInput } from './lib/control/pareto.activity';
export type { ParetoMerge } from './lib/control/pareto-merge';
export { refinedCellId, type RefinedGrid } from './lib/control/grid-refinement.activity';
export {
  type EnsureRetrainingInput,
  type EnsuredRetraining,
} from './lib/control/retraining.activities';
export type {
  LearnStructureInput,
  LearnStructureOutcome,
} from './lib/training/learn-structure.activity';
export type { RetrainOutcome } from './lib/training/retrain-structure.activity';
export type { TrainingHeartbeat } from './lib/training/heartbeat';
export {
  classifyError,
  NonFiniteLossError,
  type ClassifiedError,
} from './lib/training/classify-error';
export {
  checkpointKey,
  checkpointStepOf,
  artifactCheckpointSink,
} from './lib/training/checkpoint-sink';
