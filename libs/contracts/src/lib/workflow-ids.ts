/** What a retraining trains: a run's learned structure or the seed scaled to the same cost. */
export const RETRAINING_KINDS = ['LEARNED', 'WIDTH_MULTIPLIER'] as const;
export type RetrainingKind = (typeof RETRAINING_KINDS)[number];

/** The workflow id of a sweep: one workflow per sweep, so starting it twice is idempotent. */
export function sweepWorkflowId(sweepId: string): string {
  return `sweep-${sweepId}`;
}

/**
 * The workflow id of the retraining of one structure of a sweep: one workflow per structure,
 * kind and replica (the `replica`-th of the policy's `seeds` retrainings from scratch),
 * however often it is promoted or found on the frontier. Replica 0 has no suffix, so the ids
 * (and histories) of retrainings from before replicas existed are unchanged.
 */
export function retrainingWorkflowId(
  sweepId: string,
  structureHash: string,
  kind: RetrainingKind = 'LEARNED',
  replica = 0,
): string {
  const kindPart = kind === 'LEARNED' ? '' : '-width-multiplier';
  return `retrain-${sweepId}-${structureHash}${kindPart}${replica > 0 ? `-r${replica}` : ''}`;
}
