import { ApplicationFailure } from '@temporalio/activity';
import { RunRepository, SweepRepository } from '@morphsweep/db';
import {
  RUN_STATES,
  isCollapsedRun,
  trainingQueueFor,
  type RefineSpec,
  type RunState,
  type TaskQueue,
} from '@morphsweep/contracts';
import type { ActivityDeps } from '../activity-deps';
import { specOf } from '../training/run-config';
import {
  networkCost,
  retrainingPlanOf,
  seedNetworkOf,
  type RetrainingPlan,
} from '@morphsweep/sweeps';
import { permanentIfNotFound } from '../permanent-if-not-found';

/** What the sweep workflow needs to schedule a sweep; small enough for any grid. */
export interface SweepPlan {
  sweepId: string;
  total: number;
  counts: Record<RunState, number>;
  /** FAILED cells that collapsed (in `counts.FAILED`): finished, never re-run. */
  collapsed: number;
  /** QUEUED and RUNNING cells (a RUNNING one was orphaned by a previous run), in cell order. */
  pendingRunIds: string[];
  concurrency: number;
  trainingQueue: TaskQueue;
  retrain: RetrainingPlan;
  seedCost: number;
  /** The spec's adaptive grid refinement; absent when it has none (and in older histories). */
  refine?: RefineSpec;
}

/**
 * Loads a sweep for its workflow, marks it RUNNING and fills in the seed cost if the API
 * did not. Throws non-retryable NOT_FOUND / INVALID_SPEC.
 */
export function createLoadSweepPlanActivity(deps: ActivityDeps) {
  return async function loadSweepPlan(input: { sweepId: string }): Promise<SweepPlan> {
    const sweeps = new SweepRepository(deps.db);
    const sweep = await sweeps.get(input.sweepId).catch(permanentIfNotFound);
    let spec;
    try {
      spec = specOf(sweep);
    } catch (e) {
      throw ApplicationFailure.nonRetryable(
        `stored spec is invalid: ${(e as Error).message}`,
        'INVALID_SPEC',
      );
    }
    const seedCost = sweep.seedCost ?? networkCost(seedNetworkOf(spec), spec.morphnet);
    await sweeps.setStatus(sweep.id, 'RUNNING', seedCost);
    const cells = await new RunRepository(deps.db).listCellStates(sweep.id);
    const counts = Object.fromEntries(RUN_STATES.map((s) => [s, 0])) as Record<RunState, number>;
    for (const c of cells) counts[c.status]++;
    return {
      sweepId: sweep.id,
      total: cells.length,
      counts,
      collapsed: cells.filter(isCollapsedRun).length,
      pendingRunIds: cells
        .filter((c) => c.status === 'QUEUED' || c.status === 'RUNNING')
        .map((c) => c.id),
      concurrency: spec.concurrency,
      trainingQueue: trainingQueueFor(spec.accelerator),
      retrain: retrainingPlanOf(spec.retrain),
      seedCost,
      ...(spec.refine ? { refine: spec.refine } : {}),
    };
  };
}
