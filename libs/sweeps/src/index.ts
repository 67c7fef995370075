// Public API of @morphsweep/sweeps: the rules of the sweep domain that need MorphNet (spec
// validation, seed and slimmed networks, costs, strength grids) and those that do not (budget
// semantics). Workflow code imports only the workflow-safe subpath `@morphsweep/sweeps/selection`.
export {
  trainingSplitSize,
  epochsForSteps,
  type DatasetExtent,
} from './lib/budget/step-budget.rule';
