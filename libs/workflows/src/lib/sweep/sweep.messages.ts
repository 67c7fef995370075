import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { SweepProgress } from '@morphsweep/contracts';

/**
 * What a promotion answers: the retraining row of replica 0 and its workflow (`created`
 * false: it already existed), and every replica's row (the policy's `seeds`, replica order).
 */
export interface PromoteResult {
  retrainingId: string;
  workflowId: string;
  created: boolean;
  retrainingIds: string[];
}

/**
 * Starts (once per structure and replica) the retrainings of a SUCCEEDED run. Rejected by
 * the validator for an empty run id; fails with RUN_NOT_SUCCEEDED for a run without a
 * structure.
 */
export const promoteRunUpdate = defineUpdate<PromoteResult, [runId: string]>('promote');

/**
 * Re-runs only the FAILED and CANCELLED cells, each from its last checkpoint. For a sweep
 * whose workflow has closed, send it with signal-with-start (workflow id `sweep-<id>`): the
 * new run finds only those cells to do.
 */
export const resumeFailedSignal = defineSignal('resumeFailed');

/** Stops running trainings promptly and marks them, and every queued cell, CANCELLED. */
export const cancelSweepSignal = defineSignal('cancel');

/** The sweep's progress: counts per state, phase, frontier. */
export const getProgressQuery = defineQuery<SweepProgress>('progress');
