/** What a retraining trains: a run's learned structure or the seed scaled to the same cost. */
export const RETRAINING_KINDS = ['LEARNED', 'WIDTH_MULTIPLIER'] as const;
export type RetrainingKind = (typeof RETRAINING_KINDS)[number];

/** The workflow id of a sweep: one workflow per sweep, so starting it twice is idempotent. */
export function sweepWorkflowId(sweepId: string): string {
  return `sweep-${sweepId}`;
}

/**
 * The workflow id of the retraining of one structure of a sweep (one workflow per structure
 * and kind, however often it is promoted or found on the frontier).
 */
export function retrainingWorkflowId(
  sweepId: string,
  structureHash: string,
  kind: RetrainingKind = 'LEARNED',
): string {
  return `retrain-${sweepId}-${structureHash}${kind === 'LEARNED' ? '' : '-width-multiplier'}`;
}
