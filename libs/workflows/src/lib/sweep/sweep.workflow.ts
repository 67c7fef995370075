import {
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  setHandler,
} from '@temporalio/workflow';
import {
  cancelSweepSignal,
  getProgressQuery,
  promoteRunUpdate,
  resumeFailedSignal,
} from './sweep.messages';
import { SweepExecution, type SweepOutcome, type SweepWorkflowOptions } from './sweep-execution';

/**
 * Runs every grid cell of sweep `sweepId` (rows already in Postgres) on its training queue
 * with the spec's concurrency, continuing as new every `cellsPerRun` cells; when all cells
 * are final it flags the Pareto frontier and, with the `auto` policy, retrains the top-K
 * frontier structures (by accuracy, one per structure hash). Handles `promote`,
 * `resumeFailed`, `cancel` and the progress query. Started with id `sweep-<sweepId>`.
 */
export async function sweepWorkflow(
  sweepId: string,
  options: SweepWorkflowOptions = {},
): Promise<SweepOutcome> {
  const sweep = new SweepExecution(sweepId, options);
  setHandler(getProgressQuery, () => sweep.progress());
  setHandler(resumeFailedSignal, () => sweep.requestResume());
  setHandler(cancelSweepSignal, () => sweep.requestCancel());
  setHandler(promoteRunUpdate, (runId) => sweep.promote(runId), {
    validator: (runId) => {
      if (typeof runId !== 'string' || runId.length === 0)
        throw new Error('promote needs a run id');
    },
  });
  const end = await sweep.run();
  await condition(allHandlersFinished);
  if (end.kind === 'continue') {
    // A cancel or resume handled while a promote drained would be lost with state built
    // before it. Patched: older runs continued with the state of the loop's end.
    if (!patched('carry-state-after-handlers'))
      return continueAsNew<typeof sweepWorkflow>(sweepId, { ...options, carried: end.carried });
    if (sweep.cancelledAtRotation()) return sweep.finishCancelled();
    return continueAsNew<typeof sweepWorkflow>(sweepId, {
      ...options,
      carried: sweep.carriedState(),
    });
  }
  // A resume signalled after the loop ended would otherwise be lost with this run.
  const lateResume = sweep.resumeArrivedLate();
  if (lateResume)
    return continueAsNew<typeof sweepWorkflow>(sweepId, { ...options, carried: lateResume });
  return end.outcome;
}
