import type { Db } from '../prisma-client';
import type { Candidate, Prisma } from '../../generated/prisma/client';

/** A run's structure at one evaluation step and one alive threshold, costed. */
export interface NewCandidate {
  runId: string;
  sweepId: string;
  step: number;
  threshold: number;
  structure: Record<string, number>;
  structureHash: string;
  cost: number;
  accuracy?: number;
}

/** The Candidate table: every (run, step, threshold) structure of a sweep. */
export class CandidateRepository {
  constructor(private readonly db: Db) {}

  /**
   * Records candidates keyed by (run, step, threshold); writing one again (a replayed
   * evaluation after a resume) overwrites it. One transaction.
   */
  async upsertMany(rows: readonly NewCandidate[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.$transaction(
      rows.map(({ runId, step, threshold, ...rest }) => {
        const data = { ...rest, structure: rest.structure as Prisma.InputJsonValue };
        return this.db.candidate.upsert({
          where: { runId_step_threshold: { runId, step, threshold } },
          create: { runId, step, threshold, ...data },
          update: data,
        });
      }),
    );
  }

  /** A sweep's candidates of SUCCEEDED runs, by run, step and threshold. */
  listForSweep(sweepId: string): Promise<Candidate[]> {
    return this.db.candidate.findMany({
      where: { sweepId, run: { status: 'SUCCEEDED' } },
      orderBy: [{ runId: 'asc' }, { step: 'asc' }, { threshold: 'asc' }],
    });
  }

  /** A run's candidates, by step and threshold. */
  listForRun(runId: string): Promise<Candidate[]> {
    return this.db.candidate.findMany({
      where: { runId },
      orderBy: [{ step: 'asc' }, { threshold: 'asc' }],
    });
  }

  /** A candidate of `runId` with this structure (the earliest), or null. */
  findStructure(runId: string, structureHash: string): Promise<Candidate | null> {
    return this.db.candidate.findFirst({
      where: { runId, structureHash },
      orderBy: [{ step: 'asc' }, { threshold: 'asc' }],
    });
  }
}
