import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sweepWorkflowId } from '@morphsweep/contracts';
import { applyMigrations } from '../migrations/apply-migrations';
import { createDb, type Db } from '../prisma-client';
import { CandidateRepository, type NewCandidate } from './candidate.repository';
import { GridRefinementRepository } from './grid-refinement.repository';
import { SweepRepository } from './sweep.repository';

const servers = inject('databaseUrls');

describe.each([
  ['PostgreSQL', servers.postgres],
  ['embedded PGlite', servers.embedded],
])('candidates and refined cells on %s', (_name, url) => {
  let db: Db;
  let sweepId: string;
  let runId: string;

  beforeAll(async () => {
    await applyMigrations(url);
    db = createDb(url);
    sweepId = randomUUID();
    runId = randomUUID();
    await new SweepRepository(db).createWithRuns({
      id: sweepId,
      name: 'candidates',
      spec: {},
      workflowId: sweepWorkflowId(sweepId),
      cells: [{ id: runId, cellIndex: 0, strength: 1e-6, threshold: 0.1 }],
    });
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  const candidate = (step: number, threshold: number, hash: string): NewCandidate => ({
    runId,
    sweepId,
    step,
    threshold,
    structure: { conv: step },
    structureHash: hash,
    cost: 100 + step,
    accuracy: 0.5,
  });

  it('upserts candidates by (run, step, threshold): writing one again overwrites it', async () => {
    const candidates = new CandidateRepository(db);
    await candidates.upsertMany([candidate(10, 0.01, 'a'), candidate(10, 0.1, 'a')]);
    await candidates.upsertMany([{ ...candidate(10, 0.1, 'b'), cost: 7 }, candidate(20, 0.1, 'b')]);
    const rows = await candidates.listForRun(runId);
    expect(rows.map((r) => [r.step, r.threshold, r.structureHash, r.cost])).toEqual([
      [10, 0.01, 'a', 110],
      [10, 0.1, 'b', 7],
      [20, 0.1, 'b', 120],
    ]);
    expect((await candidates.findStructure(runId, 'b'))?.step).toBe(10);
    expect(await candidates.findStructure(runId, 'zzz')).toBeNull();
    // Only SUCCEEDED runs' candidates count for the sweep.
    expect(await candidates.listForSweep(sweepId)).toEqual([]);
    await db.run.update({ where: { id: runId }, data: { status: 'SUCCEEDED' } });
    expect(await candidates.listForSweep(sweepId)).toHaveLength(3);
  });

  it('adds refined cells once, with their round, after the grid', async () => {
    const grid = new GridRefinementRepository(db);
    const added = {
      id: randomUUID(),
      cellIndex: 1,
      strength: 3e-6,
      threshold: 0.1,
      refineRound: 1,
    };
    await grid.addCells(sweepId, [added]);
    await grid.addCells(sweepId, [added]);
    const cells = await grid.cells(sweepId);
    expect(cells.map((c) => [c.cellIndex, c.strength, c.refineRound, c.status])).toEqual([
      [0, 1e-6, null, 'SUCCEEDED'],
      [1, 3e-6, 1, 'QUEUED'],
    ]);
  });
});
