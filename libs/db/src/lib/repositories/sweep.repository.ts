import type { Db } from '../prisma-client';
import type { Prisma, Sweep, SweepStatus } from '../../generated/prisma/client';
import { DbError } from '../db.error';
import { resolvePage, type Page, type PageRequest } from '../pagination';

/** One grid cell of a new sweep. */
export interface NewRunCell {
  id: string;
  cellIndex: number;
  strength: number;
  threshold: number;
}

/** Everything needed to record a submitted sweep. Ids are chosen by the caller. */
export interface NewSweep {
  id: string;
  name: string;
  spec: Prisma.InputJsonValue;
  workflowId: string;
  idempotencyKey?: string;
  seedCost?: number;
  cells: NewRunCell[];
}

/** A sweep without its spec (up to megabytes of network description), as lists show it. */
export type SweepSummaryRow = Omit<Sweep, 'spec'>;

/** Runs per state of one sweep (states with no run are 0). */
export type RunCounts = Record<SweepStatus, number>;

const NO_RUNS: RunCounts = { QUEUED: 0, RUNNING: 0, SUCCEEDED: 0, FAILED: 0, CANCELLED: 0 };

/** Queries and writes of the Sweep table. */
export class SweepRepository {
  constructor(private readonly db: Db) {}

  /**
   * Writes a sweep and all its cells (Runs, QUEUED) in one transaction. With an
   * idempotency key already used, writes nothing and returns the earlier sweep
   * (`created: false`), also when two requests race on the same key.
   */
  async createWithRuns(input: NewSweep): Promise<{ sweep: Sweep; created: boolean }> {
    if (input.idempotencyKey !== undefined) {
      const existing = await this.findByIdempotencyKey(input.idempotencyKey);
      if (existing) return { sweep: existing, created: false };
    }
    try {
      // One batch transaction. Through the pg driver adapter Prisma runs it as an interactive
      // one, with the same 5 s default limit, which a 10,000-cell grid written on a loaded
      // machine exceeds (9 s seen at load 18): hence the explicit limit.
      const [sweep] = await this.db.$transaction(
        [
          this.db.sweep.create({
            data: {
              id: input.id,
              name: input.name,
              spec: input.spec,
              workflowId: input.workflowId,
              idempotencyKey: input.idempotencyKey ?? null,
              seedCost: input.seedCost ?? null,
            },
          }),
          this.db.run.createMany({
            data: input.cells.map((c) => ({ ...c, sweepId: input.id })),
          }),
        ],
        { timeout: 60_000 },
      );
      return { sweep, created: true };
    } catch (error) {
      const raced =
        input.idempotencyKey !== undefined &&
        (await this.findByIdempotencyKey(input.idempotencyKey));
      if (raced) return { sweep: raced, created: false };
      throw error;
    }
  }

  /** The sweep with this id; throws `DbError` NOT_FOUND. */
  async get(id: string): Promise<Sweep> {
    const sweep = await this.db.sweep.findUnique({ where: { id } });
    if (!sweep) throw new DbError('NOT_FOUND', `sweep ${id} not found`);
    return sweep;
  }

  findByIdempotencyKey(key: string): Promise<Sweep | null> {
    return this.db.sweep.findUnique({ where: { idempotencyKey: key } });
  }

  /** Newest first, optionally only those in `status`. */
  async list(request: PageRequest & { status?: SweepStatus } = {}): Promise<Page<Sweep>> {
    const { offset, limit } = resolvePage(request);
    const where = request.status ? { status: request.status } : {};
    const [items, total] = await Promise.all([
      this.db.sweep.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        skip: offset,
        take: limit,
      }),
      this.db.sweep.count({ where }),
    ]);
    return { items, total, offset, limit };
  }

  /**
   * Newest first like {@link list}, without specs, each with its runs per state: three
   * queries whatever the page size (the page, its total, and one grouped count of the page's
   * runs), never one per sweep.
   */
  async listSummaries(
    request: PageRequest & { status?: SweepStatus } = {},
  ): Promise<Page<SweepSummaryRow & { counts: RunCounts }>> {
    const { offset, limit } = resolvePage(request);
    const where = request.status ? { status: request.status } : {};
    const [rows, total] = await Promise.all([
      this.db.sweep.findMany({
        where,
        omit: { spec: true },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        skip: offset,
        take: limit,
      }),
      this.db.sweep.count({ where }),
    ]);
    const groups =
      rows.length === 0
        ? []
        : await this.db.run.groupBy({
            by: ['sweepId', 'status'],
            where: { sweepId: { in: rows.map((r) => r.id) } },
            _count: { _all: true },
          });
    const counts = new Map(rows.map((r) => [r.id, { ...NO_RUNS }]));
    for (const g of groups) counts.get(g.sweepId)![g.status] = g._count._all;
    return { items: rows.map((r) => ({ ...r, counts: counts.get(r.id)! })), total, offset, limit };
  }

  /** Sets the status (and the seed cost once known); idempotent. */
  async setStatus(id: string, status: SweepStatus, seedCost?: number): Promise<Sweep> {
    await this.get(id);
    return this.db.sweep.update({
      where: { id },
      data: { status, ...(seedCost === undefined ? {} : { seedCost }) },
    });
  }

  /** How many runs of the sweep are in each state (states with no run are 0). */
  async countRunsByStatus(id: string): Promise<RunCounts> {
    const groups = await this.db.run.groupBy({
      by: ['status'],
      where: { sweepId: id },
      _count: { _all: true },
    });
    const counts = { ...NO_RUNS };
    for (const g of groups) counts[g.status] = g._count._all;
    return counts;
  }
}
