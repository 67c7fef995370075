/** States of a run (one grid cell), of a sweep and of a retraining; the same five everywhere. */
export const RUN_STATES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type RunState = (typeof RUN_STATES)[number];

/**
 * Sweeps share the run vocabulary: a sweep is FAILED when it ends with a failed cell other
 * than a collapsed one (`isCollapsedRun`).
 */
export const SWEEP_STATES = RUN_STATES;
export type SweepState = RunState;

/** States a run never leaves by itself (only `resumeFailed` requeues FAILED and CANCELLED). */
export const FINAL_RUN_STATES: readonly RunState[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

/** Whether `state` is final. */
export function isFinalRunState(state: RunState): boolean {
  return FINAL_RUN_STATES.includes(state);
}

/** States `resumeFailed` re-runs (a FAILED cell only if it did not collapse: `isResumableRun`). */
export const RESUMABLE_RUN_STATES: readonly RunState[] = ['FAILED', 'CANCELLED'];
