import { Injectable } from '@nestjs/common';
import type { CandidateResponse, Page, SweepCandidateResponse } from '@morphsweep/contracts';
import {
  CandidateRepository,
  RunRepository,
  SweepRepository,
  type Candidate,
} from '@morphsweep/db';
import { candidateFrontier, dedupeCandidates } from '@morphsweep/sweeps';

function toCandidateDto(c: Candidate): CandidateResponse {
  return {
    runId: c.runId,
    step: c.step,
    threshold: c.threshold,
    structureHash: c.structureHash,
    structure: c.structure as Record<string, number>,
    cost: c.cost,
    accuracy: c.accuracy,
  };
}

const keyOf = (c: { runId: string; step: number; threshold: number }) =>
  `${c.runId}:${c.step}:${c.threshold}`;

/** Reads candidates: a run's, and a sweep's deduplicated by structure. */
@Injectable()
export class CandidatesService {
  constructor(
    private readonly candidates: CandidateRepository,
    private readonly runs: RunRepository,
    private readonly sweeps: SweepRepository,
  ) {}

  /** Every (step, threshold) structure of a run; NOT_FOUND for no such run. */
  async forRun(runId: string): Promise<CandidateResponse[]> {
    await this.runs.get(runId);
    return (await this.candidates.listForRun(runId)).map(toCandidateDto);
  }

  /**
   * The distinct structures of a sweep's SUCCEEDED runs (cost ascending), each with every
   * (run, step, threshold) that gave it and whether it is on the candidates' frontier; one
   * page of them. NOT_FOUND for no such sweep.
   */
  async forSweep(
    sweepId: string,
    page: { offset: number; limit: number },
  ): Promise<Page<SweepCandidateResponse>> {
    await this.sweeps.get(sweepId);
    const rows = await this.candidates.listForSweep(sweepId);
    const byKey = new Map(rows.map((r) => [keyOf(r), r]));
    const frontier = new Set(candidateFrontier(rows).map((f) => f.structureHash));
    const deduped = dedupeCandidates(rows);
    const items = deduped.slice(page.offset, page.offset + page.limit).map((d) => ({
      ...toCandidateDto(byKey.get(keyOf(d)) as Candidate),
      paretoOptimal: frontier.has(d.structureHash),
      sources: [...d.sources],
    }));
    return { items, total: deduped.length, ...page };
  }
}
