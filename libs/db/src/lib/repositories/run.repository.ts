import { FINAL_RUN_STATES } from '@morphsweep/contracts';
import type { Db } from '../prisma-client';
import type { Prisma, Run, RunStatus } from '../../generated/prisma/client';
import { DbError } from '../db.error';
import { resolvePage, type Page, type PageRequest } from '../pagination';

// A transaction waits for the connection while another transaction holds it: with the local
// stack's one connection per process (DATABASE_POOL_MAX 1) that is seconds on a loaded
// machine, and Prisma's default 2 s wait failed requeueFailedRuns five attempts in a row
// (P2028). Control activities have 2 minutes; a minute of waiting is well inside them.
const TRANSACTION_LIMITS = { maxWait: 60_000, timeout: 60_000 } as const;

/** A run's outcome: the learned structure and where it lands on the price-performance plane. */
export interface RunResult {
  structure: Prisma.InputJsonValue;
  structureHash: string;
  cost: number;
  accuracy: number;
  regLoss?: number;
  flops?: number;
  modelSize?: number;
  latency?: number;
  /** The training backend that produced it. */
  backend?: string;
}

/** A state change of a run, with whatever is known at that moment. */
export interface RunStateChange {
  status: RunStatus;
  attempt?: number;
  workerIdentity?: string;
  backend?: string;
  errorCode?: string | null;
  error?: string | null;
}

export type RunSortKey = 'cellIndex' | 'cost' | 'accuracy' | 'status' | 'createdAt';

/** What a chart needs of a run: where it sits, its cell and its outcome. */
export type RunPointRow = Pick<
  Run,
  | 'id'
  | 'cellIndex'
  | 'strength'
  | 'threshold'
  | 'status'
  | 'errorCode'
  | 'cost'
  | 'accuracy'
  | 'paretoOptimal'
>;

// Prisma's "record to update not found" (P2025): a write by id to a row that does not exist.
// Matched by name and code, not instanceof, so duplicated module instances agree.
function isRecordNotFound(error: unknown): boolean {
  const e = error as { name?: unknown; code?: unknown } | undefined;
  return e?.name === 'PrismaClientKnownRequestError' && e.code === 'P2025';
}

/** For `.catch` on a write by id: a missing row becomes `DbError` NOT_FOUND, as `get` throws. */
function notFoundAs(id: string) {
  return (error: unknown): never => {
    if (isRecordNotFound(error)) throw new DbError('NOT_FOUND', `run ${id} not found`);
    throw error;
  };
}

/** Queries and writes of the Run table. Every write is idempotent. */
export class RunRepository {
  constructor(private readonly db: Db) {}

  /** The run with this id; throws `DbError` NOT_FOUND. */
  async get(id: string): Promise<Run> {
    const run = await this.db.run.findUnique({ where: { id } });
    if (!run) throw new DbError('NOT_FOUND', `run ${id} not found`);
    return run;
  }

  /** Runs of one sweep, sorted (nulls last) then by cell index for a stable order. */
  async listForSweep(
    sweepId: string,
    request: PageRequest & { status?: RunStatus; sortBy?: RunSortKey; order?: 'asc' | 'desc' } = {},
  ): Promise<Page<Run>> {
    const { offset, limit } = resolvePage(request);
    const where: Prisma.RunWhereInput = {
      sweepId,
      ...(request.status ? { status: request.status } : {}),
    };
    const sort = request.order ?? 'asc';
    const orderBy: Prisma.RunOrderByWithRelationInput[] =
      request.sortBy === 'cost' || request.sortBy === 'accuracy'
        ? [{ [request.sortBy]: { sort, nulls: 'last' } }, { cellIndex: 'asc' }]
        : [{ [request.sortBy ?? 'cellIndex']: sort }, { cellIndex: 'asc' }];
    const [items, total] = await Promise.all([
      this.db.run.findMany({ where, orderBy, skip: offset, take: limit }),
      this.db.run.count({ where }),
    ]);
    return { items, total, offset, limit };
  }

  /**
   * Records a state change. RUNNING stamps `startedAt`, a final state stamps `finishedAt`;
   * writing the same change twice leaves the same row.
   */
  async setState(id: string, change: RunStateChange): Promise<Run> {
    const now = new Date();
    return this.db.run
      .update({
        where: { id },
        data: {
          ...change,
          ...(change.status === 'RUNNING' ? { startedAt: now, finishedAt: null } : {}),
          ...(FINAL_RUN_STATES.includes(change.status) ? { finishedAt: now } : {}),
        },
      })
      .catch(notFoundAs(id));
  }

  /**
   * Starts an attempt at a cell in one statement: RUNNING, `attempt` + 1, `startedAt` now, the
   * error cleared, `workerIdentity` recorded — unless it already SUCCEEDED with a structure,
   * which is returned as it is (a retried activity whose result was written). Returns the row
   * as it is after the call; throws `DbError` NOT_FOUND for an unknown id.
   */
  async startAttempt(id: string, workerIdentity: string): Promise<Run> {
    try {
      return await this.db.run.update({
        where: { id, NOT: { status: 'SUCCEEDED', structureHash: { not: null } } },
        data: {
          status: 'RUNNING',
          attempt: { increment: 1 },
          workerIdentity,
          errorCode: null,
          error: null,
          startedAt: new Date(),
          finishedAt: null,
        },
      });
    } catch (error) {
      if (!isRecordNotFound(error)) throw error;
      return this.get(id);
    }
  }

  /**
   * Records training progress. Only moves forward: a late or replayed heartbeat for an
   * earlier step never overwrites a later one. Returns whether the row changed.
   */
  async recordProgress(
    id: string,
    progress: { step: number; progress: number; lastCheckpointUri?: string },
  ): Promise<boolean> {
    const { count } = await this.db.run.updateMany({
      where: { id, step: { lte: progress.step } },
      data: progress,
    });
    return count === 1;
  }

  /** Writes the run's outcome and marks it SUCCEEDED; the same result twice is one row. */
  async recordResult(id: string, result: RunResult): Promise<Run> {
    return this.db.run
      .update({
        where: { id },
        data: {
          ...result,
          status: 'SUCCEEDED',
          progress: 1,
          finishedAt: new Date(),
          error: null,
          errorCode: null,
        },
      })
      .catch(notFoundAs(id));
  }

  /** Id, cell index, status and error code of every run of a sweep, in cell order (one light query). */
  listCellStates(
    sweepId: string,
  ): Promise<Array<Pick<Run, 'id' | 'cellIndex' | 'status' | 'errorCode'>>> {
    return this.db.run.findMany({
      where: { sweepId },
      select: { id: true, cellIndex: true, status: true, errorCode: true },
      orderBy: { cellIndex: 'asc' },
    });
  }

  /**
   * Every run of a sweep as a chart point, in cell order, in one query. Postgres builds the
   * JSON array itself: at 10,000 runs that is several times faster than mapping as many rows.
   */
  async listPoints(sweepId: string): Promise<RunPointRow[]> {
    const [row] = await this.db.$queryRaw<Array<{ points: RunPointRow[] }>>`
      SELECT coalesce(json_agg(json_build_object(
        'id', id, 'cellIndex', "cellIndex", 'strength', strength, 'threshold', threshold,
        'status', status, 'errorCode', "errorCode", 'cost', cost, 'accuracy', accuracy,
        'paretoOptimal', "paretoOptimal") ORDER BY "cellIndex"), '[]'::json) AS points
      FROM "Run" WHERE "sweepId" = ${sweepId}::uuid`;
    return row!.points;
  }

  /** Points of the sweep's SUCCEEDED runs (cost, accuracy, structure hash), in cell order. */
  listResults(
    sweepId: string,
  ): Promise<Array<Pick<Run, 'id' | 'cost' | 'accuracy' | 'structureHash'>>> {
    return this.db.run.findMany({
      where: { sweepId, status: 'SUCCEEDED' },
      select: { id: true, cost: true, accuracy: true, structureHash: true },
      orderBy: { cellIndex: 'asc' },
    });
  }

  /**
   * Puts the sweep's runs in `states` back to QUEUED (error cleared, checkpoint kept so they
   * resume from it), except those whose error code is in `exceptCodes` (a collapsed cell
   * keeps its outcome), and returns their ids and former states in cell order. Requeuing
   * twice is harmless.
   */
  async requeue(
    sweepId: string,
    states: readonly RunStatus[],
    exceptCodes: readonly string[] = [],
  ): Promise<Array<Pick<Run, 'id' | 'status'>>> {
    // `notIn` alone would drop the rows without a code (SQL's NULL NOT IN is not true).
    const codes: Prisma.RunWhereInput =
      exceptCodes.length === 0
        ? {}
        : { OR: [{ errorCode: null }, { errorCode: { notIn: [...exceptCodes] } }] };
    return this.db.$transaction(async (tx) => {
      const rows = await tx.run.findMany({
        where: { sweepId, status: { in: [...states] }, ...codes },
        select: { id: true, status: true },
        orderBy: { cellIndex: 'asc' },
      });
      await tx.run.updateMany({
        where: { id: { in: rows.map((r) => r.id) } },
        data: { status: 'QUEUED', error: null, errorCode: null, finishedAt: null },
      });
      return rows;
    }, TRANSACTION_LIMITS);
  }

  /** Marks every QUEUED run of the sweep CANCELLED; returns how many changed. */
  async cancelQueued(sweepId: string): Promise<number> {
    const { count } = await this.db.run.updateMany({
      where: { sweepId, status: 'QUEUED' },
      data: {
        status: 'CANCELLED',
        errorCode: 'CANCELLED',
        error: 'cancelled',
        finishedAt: new Date(),
      },
    });
    return count;
  }

  /**
   * Flags `joined` runs of the sweep Pareto-optimal and unflags `left` ones, leaving every
   * other row alone: an incremental frontier update, no query when both are empty.
   */
  async changeParetoFlags(
    sweepId: string,
    joined: readonly string[],
    left: readonly string[],
  ): Promise<void> {
    const writes = [
      ...(left.length === 0
        ? []
        : [
            this.db.run.updateMany({
              where: { sweepId, id: { in: [...left] } },
              data: { paretoOptimal: false },
            }),
          ]),
      ...(joined.length === 0
        ? []
        : [
            this.db.run.updateMany({
              where: { sweepId, id: { in: [...joined] } },
              data: { paretoOptimal: true },
            }),
          ]),
    ];
    if (writes.length === 1) await writes[0];
    else if (writes.length === 2) await this.db.$transaction(writes, TRANSACTION_LIMITS);
  }

  /** Sets the Pareto flag of every run of a sweep: true for `optimalIds`, false otherwise. */
  async setParetoFlags(sweepId: string, optimalIds: readonly string[]): Promise<void> {
    await this.db.$transaction(
      [
        this.db.run.updateMany({
          where: { sweepId, id: { notIn: [...optimalIds] }, paretoOptimal: true },
          data: { paretoOptimal: false },
        }),
        this.db.run.updateMany({
          where: { sweepId, id: { in: [...optimalIds] } },
          data: { paretoOptimal: true },
        }),
      ],
      TRANSACTION_LIMITS,
    );
  }
}
