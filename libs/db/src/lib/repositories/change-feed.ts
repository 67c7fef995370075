import type { Db } from '../prisma-client';
import type { Retraining, Run } from '../../generated/prisma/client';

/** What a live view needs to know about a run that changed. */
export type RunChange = Pick<
  Run,
  | 'id'
  | 'sweepId'
  | 'cellIndex'
  | 'status'
  | 'step'
  | 'progress'
  | 'cost'
  | 'accuracy'
  | 'paretoOptimal'
  | 'error'
  | 'updatedAt'
>;

/** What a live view needs to know about a retraining that changed. */
export type RetrainingChange = Pick<
  Retraining,
  | 'id'
  | 'sweepId'
  | 'sourceRunId'
  | 'kind'
  | 'status'
  | 'finalAccuracy'
  | 'measuredCost'
  | 'error'
  | 'updatedAt'
>;

export interface ChangeFeedOptions {
  sweepId?: string;
  limit?: number;
}

/**
 * Reads runs and retrainings in the order they last changed, for live updates: poll
 * `…ChangedSince(cursor)` and move the cursor to the last row's `updatedAt`. Ties on
 * `updatedAt` are returned again on the next poll (`gte`), so no change is ever skipped;
 * consumers treat rows as upserts.
 */
export class ChangeFeed {
  constructor(private readonly db: Db) {}

  runsChangedSince(cursor: Date, options: ChangeFeedOptions = {}): Promise<RunChange[]> {
    return this.db.run.findMany({
      ...changedSince(cursor, options),
      select: {
        id: true,
        sweepId: true,
        cellIndex: true,
        status: true,
        step: true,
        progress: true,
        cost: true,
        accuracy: true,
        paretoOptimal: true,
        error: true,
        updatedAt: true,
      },
    });
  }

  retrainingsChangedSince(
    cursor: Date,
    options: ChangeFeedOptions = {},
  ): Promise<RetrainingChange[]> {
    return this.db.retraining.findMany({
      ...changedSince(cursor, options),
      select: {
        id: true,
        sweepId: true,
        sourceRunId: true,
        kind: true,
        status: true,
        finalAccuracy: true,
        measuredCost: true,
        error: true,
        updatedAt: true,
      },
    });
  }
}

/** Rows changed at or after `cursor` (of one sweep, if given), oldest change first. */
function changedSince(cursor: Date, options: ChangeFeedOptions) {
  return {
    where: { updatedAt: { gte: cursor }, ...(options.sweepId ? { sweepId: options.sweepId } : {}) },
    orderBy: [{ updatedAt: 'asc' as const }, { id: 'asc' as const }],
    take: options.limit ?? 500,
  };
}
