import type { ErrorCode } from './error-codes';
import type { RunState } from './run-states';

/**
 * Error codes that end a cell with a result of the experiment rather than a fault: a
 * structure that collapsed marks the end of the useful strength range. Such a cell keeps
 * status FAILED and its code, counts as finished (it does not fail its sweep) and is never
 * re-run by `resumeFailed` (training is seeded, so it would collapse again).
 */
export const OUTCOME_ERROR_CODES: readonly ErrorCode[] = ['STRUCTURE_COLLAPSED'];

/** A run's state as the rules below read it (a row, a response, a fake). */
export interface RunStateAndCode {
  status: RunState;
  errorCode?: string | null;
}

/** Whether a run ended FAILED with an outcome code ({@link OUTCOME_ERROR_CODES}). */
export function isCollapsedRun(run: RunStateAndCode): boolean {
  return (
    run.status === 'FAILED' &&
    (OUTCOME_ERROR_CODES as readonly string[]).includes(run.errorCode ?? '')
  );
}

/** Whether `resumeFailed` re-runs this run: CANCELLED, or FAILED other than collapsed. */
export function isResumableRun(run: RunStateAndCode): boolean {
  return run.status === 'CANCELLED' || (run.status === 'FAILED' && !isCollapsedRun(run));
}
