// Public API of @morphsweep/sweeps: the rules of the sweep domain. Those that need MorphNet
// (spec validation, seed and slimmed networks, costs, strength grids, network summaries) and
// budget semantics are here; workflow code imports only the workflow-safe subpath
// `@morphsweep/sweeps/selection` (retraining selection), which this entry re-exports too.
export { validateSweepSpec, type SweepSpecValidation } from './lib/spec/validate-sweep-spec';
export { jsonDepth } from './lib/limits/json-depth';
export { activationBytesPerExample, networkLimitIssues } from './lib/limits/network-limits';
export {
  datasetFitIssues,
  datasetShapeOf,
  type DatasetShape,
} from './lib/dataset/dataset-fit.rule';
export { seedCostProblem } from './lib/cost/seed-cost.rule';
export { networkCost, resourceFunctionFor } from './lib/cost/resource-function';
export { seedNetworkOf } from './lib/network/seed-network';
export { slimmedNetworkOf } from './lib/network/slimmed-network';
export { widthBaselineNetworkOf } from './lib/network/width-baseline-network';
export { retrainedNetworkOf, type RetrainedStructure } from './lib/network/retrained-network';
export { summarizeNetwork, type NetworkSummary } from './lib/network/network-summary';
export { strengthGridFor, type StrengthGridSuggestion } from './lib/grid/strength-grid';
export {
  MIN_STRENGTH_RATIO,
  refinementCells,
  refinementRoundLimit,
  type RefinedCell,
  type RefinementInputCell,
} from './lib/grid/grid-refinement';
export {
  trainingSplitSize,
  epochsForSteps,
  type DatasetExtent,
} from './lib/budget/step-budget.rule';
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
