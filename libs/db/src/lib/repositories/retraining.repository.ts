import type { Db } from '../prisma-client';
import type {
  Retraining,
  RetrainingKind,
  RetrainingStatus,
  RetrainingTrigger,
} from '../../generated/prisma/client';
import { DbError } from '../db.error';
import { resolvePage, type Page, type PageRequest } from '../pagination';

/** A retraining to schedule. Ids are chosen by the caller. */
export interface NewRetraining {
  id: string;
  sweepId: string;
  sourceRunId?: string;
  kind?: RetrainingKind;
  structureHash: string;
  trigger: RetrainingTrigger;
  workflowId: string;
}

export interface RetrainingOutcome {
  status: RetrainingStatus;
  finalAccuracy?: number;
  measuredCost?: number;
  parameters?: number;
  checkpointUri?: string;
  errorCode?: string;
  error?: string;
}

/** The Retraining table. */
export class RetrainingRepository {
  constructor(private readonly db: Db) {}

  /**
   * Returns the sweep's retraining of this structure, creating it if there is none: a
   * structure promoted twice, or found on the frontier twice, is retrained once.
   * `created` says whether this call made it.
   */
  async ensure(input: NewRetraining): Promise<{ retraining: Retraining; created: boolean }> {
    const kind = input.kind ?? 'LEARNED';
    const retraining = await this.db.retraining.upsert({
      where: {
        sweepId_structureHash_kind: {
          sweepId: input.sweepId,
          structureHash: input.structureHash,
          kind,
        },
      },
      create: { ...input, kind },
      update: {},
    });
    return { retraining, created: retraining.id === input.id };
  }

  async get(id: string): Promise<Retraining> {
    const row = await this.db.retraining.findUnique({ where: { id } });
    if (!row) throw new DbError('NOT_FOUND', `retraining ${id} not found`);
    return row;
  }

  async list(request: PageRequest & { sweepId?: string } = {}): Promise<Page<Retraining>> {
    const { offset, limit } = resolvePage(request);
    const where = request.sweepId ? { sweepId: request.sweepId } : {};
    const [items, total] = await Promise.all([
      this.db.retraining.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        skip: offset,
        take: limit,
      }),
      this.db.retraining.count({ where }),
    ]);
    return { items, total, offset, limit };
  }

  /** Records progress or the outcome; final states stamp `finishedAt`. Idempotent. */
  async record(id: string, outcome: RetrainingOutcome): Promise<Retraining> {
    await this.get(id);
    const now = new Date();
    const final = outcome.status !== 'QUEUED' && outcome.status !== 'RUNNING';
    return this.db.retraining.update({
      where: { id },
      data: {
        ...outcome,
        ...(outcome.status === 'RUNNING' ? { startedAt: now } : {}),
        ...(final ? { finishedAt: now } : {}),
      },
    });
  }
}
