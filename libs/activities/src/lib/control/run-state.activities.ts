import { RunRepository, SweepRepository } from '@morphsweep/db';
import {
  OUTCOME_ERROR_CODES,
  RESUMABLE_RUN_STATES,
  type ErrorCode,
  type RunState,
  type SweepState,
} from '@morphsweep/contracts';
import type { ActivityDeps } from '../activity-deps';

/** A final state the workflow records for a run (after retries ran out, or on cancel). */
export interface RunFinalState {
  runId: string;
  status: 'FAILED' | 'CANCELLED';
  errorCode: ErrorCode;
  error: string;
}

/**
 * Run- and sweep-state activities of the control queue. Each is idempotent: the same call
 * twice leaves the same rows.
 */
export function createRunStateActivities(deps: ActivityDeps) {
  const runs = new RunRepository(deps.db);
  const sweeps = new SweepRepository(deps.db);
  return {
    /** Records a run's final FAILED/CANCELLED state; a run already SUCCEEDED is left alone. */
    async markRunFinal(input: RunFinalState): Promise<void> {
      const run = await runs.get(input.runId);
      if (run.status === 'SUCCEEDED') return;
      await runs.setState(input.runId, {
        status: input.status,
        errorCode: input.errorCode,
        error: input.error,
      });
    },
    /**
     * FAILED and CANCELLED cells back to QUEUED (keeping their checkpoints), except collapsed
     * ones (an outcome, not a fault: `isResumableRun`); their ids and former states.
     */
    async requeueFailedRuns(input: {
      sweepId: string;
    }): Promise<Array<{ id: string; status: RunState }>> {
      return runs.requeue(input.sweepId, RESUMABLE_RUN_STATES, OUTCOME_ERROR_CODES);
    },
    /** Every still-QUEUED cell to CANCELLED; how many. */
    async cancelQueuedRuns(input: { sweepId: string }): Promise<number> {
      return runs.cancelQueued(input.sweepId);
    },
    async setSweepStatus(input: { sweepId: string; status: SweepState }): Promise<void> {
      await sweeps.setStatus(input.sweepId, input.status);
    },
  };
}
