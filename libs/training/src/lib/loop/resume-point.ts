/** A checkpoint a retried attempt could resume from: its URI and the step it was taken at. */
export interface CheckpointRef {
  readonly uri: string;
  readonly step: number;
}

/**
 * The one resume rule of training activities: of the checkpoints known for a run — the one
 * its last attempt heartbeated, the one recorded in the database — resume from the newest
 * valid one (a non-empty URI and a whole step ≥ 0). Both sources are needed: the heartbeat
 * can be a throttled checkpoint behind, the database row can miss a checkpoint whose write
 * raced the crash. On a tie the earlier candidate wins (callers put the heartbeat first).
 * `undefined` when there is none: the attempt starts at step 0.
 */
export function newestCheckpoint(
  ...candidates: readonly (Partial<CheckpointRef> | undefined)[]
): CheckpointRef | undefined {
  let best: CheckpointRef | undefined;
  for (const c of candidates) {
    if (!c?.uri || !Number.isInteger(c.step) || (c.step as number) < 0) continue;
    if (!best || (c.step as number) > best.step) best = { uri: c.uri, step: c.step as number };
  }
  return best;
}
