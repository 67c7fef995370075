import type { ActivityDeps } from './activity-deps';
import { createLoadSweepPlanActivity } from './control/sweep-plan.activity';
import { createRunStateActivities } from './control/run-state.activities';
import { createUpdateParetoActivity } from './control/pareto.activity';
import { createRetrainingActivities } from './control/retraining.activities';
import { createRefineGridActivity } from './control/grid-refinement.activity';
import { createLearnStructureActivity } from './training/learn-structure.activity';
import { createRetrainStructureActivity } from './training/retrain-structure.activity';

/** Activities of the control queue: database bookkeeping and Pareto; light and fast. */
export function createControlActivities(deps: ActivityDeps) {
  return {
    loadSweepPlan: createLoadSweepPlanActivity(deps),
    updatePareto: createUpdateParetoActivity(deps),
    refineGrid: createRefineGridActivity(deps),
    ...createRunStateActivities(deps),
    ...createRetrainingActivities(deps),
  };
}

/** Activities of a training queue: structure learning and retraining. */
export function createTrainingActivities(deps: ActivityDeps) {
  return {
    learnStructure: createLearnStructureActivity(deps),
    retrainStructure: createRetrainStructureActivity(deps),
  };
}

/**
 * Every activity, built over `deps` (the activities-dependency-injection pattern): the
 * worker registers the control set on `morphnet-control` and the training set on each
 * training queue it serves.
 */
export function createActivities(deps: ActivityDeps) {
  return { ...createControlActivities(deps), ...createTrainingActivities(deps) };
}

export type ControlActivities = ReturnType<typeof createControlActivities>;
export type TrainingActivities = ReturnType<typeof createTrainingActivities>;
export type SweepActivities = ReturnType<typeof createActivities>;
