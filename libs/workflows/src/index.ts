// Public API of @morphsweep/workflows: workflow functions (for typed starts), their messages
// and types. Workers bundle `workflowsPath` (the `workflows.ts` entry) instead.
export { sweepWorkflow } from './lib/sweep/sweep.workflow';
export {
  retrainWorkflow,
  type RetrainWorkflowInput,
  type RetrainWorkflowResult,
} from './lib/retrain/retrain.workflow';
export {
  promoteRunUpdate,
  resumeFailedSignal,
  cancelSweepSignal,
  getProgressQuery,
  type PromoteResult,
} from './lib/sweep/sweep.messages';
export type {
  SweepOutcome,
  SweepWorkflowOptions,
  CarriedSweepState,
} from './lib/sweep/sweep-execution';
export type { TrainingActivityOptions } from './lib/activity-proxies';
