import type { Db } from '../prisma-client';
import type { Run } from '../../generated/prisma/client';

/** What a live view needs to know about a run that changed. */
export type RunChange = Pick<
  Run,
  'id' | 'sweepId' | 'cellIndex' | 'status' | 'step' | 'progress' | 'cost' | 'accuracy' | 'paretoOptimal' | 'error' | 'updatedAt'
>;

/**
 * Reads runs in the order they last changed, for live updates: poll `changedSince(cursor)`
 * and move the cursor to the last row's `updatedAt`. Ties on `updatedAt` are returned again
 * on the next poll (`gte`), so no change is ever skipped; consumers treat rows as upserts.
 */
export class RunChangeFeed {
  constructor(private readonly db: Db) {}

  changedSince(cursor: Date, options: { sweepId?: string; limit?: number } = {}): Promise<RunChange[]> {
    return this.db.run.findMany({
      where: { updatedAt: { gte: cursor }, ...(options.sweepId ? { sweepId: options.sweepId } : {}) },
      orderBy: [{ updatedAt: 'asc' }, { id: 'asc' }],
      take: options.limit ?? 500,
      select: {
        id: true, sweepId: true, cellIndex: true, status: true, step: true, progress: true,
        cost: true, accuracy: true, paretoOptimal: true, error: true, updatedAt: true,
      },
    });
  }
}
