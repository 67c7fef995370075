import type { Db } from '../prisma-client';
import type {
  Retraining,
  RetrainingKind,
  RetrainingStatus,
  RetrainingTrigger,
} from '../../generated/prisma/client';
import { DbError } from '../db.error';
import { resolvePage, type Page, type PageRequest } from '../pagination';
import { CandidateRepository } from './candidate.repository';
import { RunRepository } from './run.repository';

/** A retraining to schedule. Ids are chosen by the caller. */
export interface NewRetraining {
  id: string;
  sweepId: string;
  sourceRunId?: string;
  kind?: RetrainingKind;
  structureHash: string;
  /** Which of the structure's retrainings from scratch (default 0). */
  replica?: number;
  /** The RNG seed it trains with (`retrainingSeed` of the spec's seed and the replica). */
  seed: number;
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

/**
 * The learned structure a retraining starts from: its source run's, or the run's candidate
 * (another step or threshold) whose hash the retraining names; `problem` says why there is
 * none (no source run, or no such candidate).
 */
export type RetrainingSource =
  { ok: true; structure: Record<string, number>; cost: number } | { ok: false; problem: string };

/** The Retraining table. */
export class RetrainingRepository {
  constructor(private readonly db: Db) {}

  /**
   * Returns the sweep's retraining of this structure, kind and replica, creating it if there
   * is none: a structure promoted twice, or found on the frontier twice, is retrained once
   * per replica. `created` says whether this call made it (an existing row keeps its seed). With `retryFailed`, an existing row that is
   * FAILED or CANCELLED goes back to QUEUED (error and finish time cleared, checkpoints
   * kept) and `retried` is true: its workflow is about to run again.
   */
  async ensure(
    input: NewRetraining,
    options: { retryFailed?: boolean } = {},
  ): Promise<{ retraining: Retraining; created: boolean; retried: boolean }> {
    const kind = input.kind ?? 'LEARNED';
    const replica = input.replica ?? 0;
    const key = {
      sweepId_structureHash_kind_replica: {
        sweepId: input.sweepId,
        structureHash: input.structureHash,
        kind,
        replica,
      },
    };
    const retraining = await this.db.retraining
      .upsert({ where: key, create: { ...input, kind, replica }, update: {} })
      .catch(async (error: unknown) => {
        // Two ensures of one row at once (promotions, replicas): the loser finds the winner's.
        const raced = await this.db.retraining.findUnique({ where: key });
        if (raced) return raced;
        throw error;
      });
    const created = retraining.id === input.id;
    if (created || !options.retryFailed) return { retraining, created, retried: false };
    // Conditional on the state, so two promotions racing retry it once.
    const { count } = await this.db.retraining.updateMany({
      where: { id: retraining.id, status: { in: ['FAILED', 'CANCELLED'] } },
      data: { status: 'QUEUED', errorCode: null, error: null, finishedAt: null },
    });
    if (count === 0) return { retraining, created, retried: false };
    return { retraining: await this.get(retraining.id), created, retried: true };
  }

  async get(id: string): Promise<Retraining> {
    const row = await this.db.retraining.findUnique({ where: { id } });
    if (!row) throw new DbError('NOT_FOUND', `retraining ${id} not found`);
    return row;
  }

  /** The structure `retraining` trains from (see {@link RetrainingSource}). */
  async sourceOf(retraining: Retraining): Promise<RetrainingSource> {
    if (!retraining.sourceRunId)
      return { ok: false, problem: `retraining ${retraining.id} has no source run` };
    const run = await new RunRepository(this.db).get(retraining.sourceRunId);
    if (retraining.structureHash === run.structureHash)
      return { ok: true, structure: structureOf(run.structure), cost: run.cost ?? 0 };
    const candidate = await new CandidateRepository(this.db).findStructure(
      run.id,
      retraining.structureHash,
    );
    if (!candidate)
      return {
        ok: false,
        problem: `run ${run.id} has no candidate with structure ${retraining.structureHash}`,
      };
    return { ok: true, structure: structureOf(candidate.structure), cost: candidate.cost };
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

// Structures are stored as JSON objects of layer → alive count.
function structureOf(json: unknown): Record<string, number> {
  return (json ?? {}) as Record<string, number>;
}
