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

/**
 * A place in the change order `(updatedAt, id)`: a keyset cursor. Ids are lowercase UUIDs,
 * whose string order is Postgres's `uuid` order, so positions compare in JavaScript too.
 */
export interface FeedPosition {
  updatedAt: Date;
  id: string;
}

/** The smallest UUID: `{ updatedAt: t, id: MIN_FEED_ID }` is (just) before every row at `t`. */
export const MIN_FEED_ID = '00000000-0000-0000-0000-000000000000';

export interface ChangeFeedOptions {
  /** Only rows of this sweep. */
  sweepId?: string;
  /** Most rows returned (default 500); page on from the last row's position. */
  limit?: number;
  /** Only rows at or before this position (an overlap re-read ends at the cursor). */
  through?: FeedPosition;
}

/**
 * Reads runs and retrainings in the order `(updatedAt, id)` they last changed, for live
 * updates: `…ChangedAfter(position)` returns rows strictly after `position`, oldest first;
 * page on from the last row's position. Unlike a bare `updatedAt` cursor, rows that share
 * one timestamp (a `createMany`/`updateMany` of any size) page through instead of being read
 * again forever. A row whose transaction commits after a later position was read is behind
 * the cursor: a caller that must see it re-reads a window behind its cursor (`through`).
 * Served by the `(updatedAt, id)` indexes of both tables.
 */
export class ChangeFeed {
  constructor(private readonly db: Db) {}

  runsChangedAfter(after: FeedPosition, options: ChangeFeedOptions = {}): Promise<RunChange[]> {
    return this.db.run.findMany({
      ...changedAfter(after, options),
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

  retrainingsChangedAfter(
    after: FeedPosition,
    options: ChangeFeedOptions = {},
  ): Promise<RetrainingChange[]> {
    return this.db.retraining.findMany({
      ...changedAfter(after, options),
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

/** Rows strictly after `after` (and at or before `through`), of one sweep if given. */
function changedAfter(after: FeedPosition, options: ChangeFeedOptions) {
  const { through, sweepId } = options;
  return {
    where: {
      AND: [
        // The plain range bound lets Postgres scan the index from `after.updatedAt` on; the
        // OR then drops the rows at that timestamp up to and including `after.id`.
        { updatedAt: { gte: after.updatedAt } },
        { OR: [{ updatedAt: { gt: after.updatedAt } }, { id: { gt: after.id } }] },
        ...(through
          ? [
              { updatedAt: { lte: through.updatedAt } },
              { OR: [{ updatedAt: { lt: through.updatedAt } }, { id: { lte: through.id } }] },
            ]
          : []),
        ...(sweepId ? [{ sweepId }] : []),
      ],
    },
    orderBy: [{ updatedAt: 'asc' as const }, { id: 'asc' as const }],
    take: options.limit ?? 500,
  };
}
