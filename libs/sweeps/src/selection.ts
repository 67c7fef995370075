// Workflow-safe entry of @morphsweep/sweeps (`@morphsweep/sweeps/selection`): the sweep rules
// that workflow code runs inside Temporal's deterministic sandbox. It imports no morphnet,
// TensorFlow.js or Node built-ins; lint lets workflows import this entry and nothing else of
// the library.
export {
  selectRetrainings,
  type FrontierCandidate,
  type RetrainingChoice,
} from './lib/selection/retraining-selection';
export { retrainingPlanOf, type RetrainingPlan } from './lib/selection/retraining-plan';
export {
  candidateFrontier,
  dedupeCandidates,
  type CandidateStructure,
  type DedupedCandidate,
} from './lib/selection/candidate-dedupe';
export {
  MIN_STRENGTH_RATIO,
  refinementCells,
  refinementRoundLimit,
  type RefinedCell,
  type RefinementInputCell,
} from './lib/grid/grid-refinement';
