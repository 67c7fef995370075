import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sweepSpecSchema, sweepWorkflowId, type SweepSpecInput } from '@morphsweep/contracts';
import { applyMigrations, createDb, RunRepository, SweepRepository, type Db } from '@morphsweep/db';
import type { ArtifactStore } from '@morphsweep/storage';
import { createControlActivities } from '../create-activities';
import type { FrontierRun } from './pareto.activity';

const spec: SweepSpecInput = {
  name: 'merged',
  seedNetwork: 'fmnist-cnn',
  dataset: { kind: 'synthetic', subsetSize: 64 },
  morphnet: { family: 'gamma', resource: 'flops' },
  grid: { strengths: [1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3], thresholds: [0.1] },
  budget: { steps: 10, batchSize: 8, learningRate: 0.01, evalInterval: 5, checkpointInterval: 5 },
};

// (cost, accuracy) of each cell: 0–2 finish first, then 3 (dominates 1), 4 (dominated) and
// 5 (a duplicate of 2's point, so both stay on the frontier).
const points = [
  [100, 0.9],
  [50, 0.6],
  [10, 0.3],
  [40, 0.7],
  [60, 0.5],
  [10, 0.3],
] as const;

// updatePareto's merge on a real PostgreSQL, against its full recomputation.
describe('updatePareto with merge', () => {
  let db: Db;
  let control: ReturnType<typeof createControlActivities>;
  let runs: RunRepository;
  const sweepId = randomUUID();
  const ids = points.map(() => randomUUID());

  async function succeed(i: number): Promise<FrontierRun> {
    const [cost, accuracy] = points[i]!;
    await runs.recordResult(ids[i]!, { structure: {}, structureHash: `h${i}`, cost, accuracy });
    return { runId: ids[i]!, cost, accuracy, structureHash: `h${i}` };
  }
  const flagged = async () =>
    (
      await db.run.findMany({
        where: { sweepId, paretoOptimal: true },
        select: { id: true },
      })
    )
      .map((r) => r.id)
      .sort();

  beforeAll(async () => {
    const url = inject('databaseUrl');
    await applyMigrations(url);
    db = createDb(url);
    runs = new RunRepository(db);
    control = createControlActivities({ db, store: {} as ArtifactStore });
    await new SweepRepository(db).createWithRuns({
      id: sweepId,
      name: 'merged',
      spec: sweepSpecSchema.parse(spec) as never,
      workflowId: sweepWorkflowId(sweepId),
      seedCost: 200,
      cells: ids.map((id, i) => ({ id, cellIndex: i, strength: 10 ** (i - 8), threshold: 0.1 })),
    });
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  it('flags what a full update flags, from the last frontier and the cells since', async () => {
    for (const i of [0, 1, 2]) await succeed(i);
    const first = await control.updatePareto({ sweepId });
    expect(first.frontier.map((f) => f.runId)).toEqual([ids[2], ids[1], ids[0]]);

    const since = [await succeed(3), await succeed(4), await succeed(5)];
    const merged = await control.updatePareto({
      sweepId,
      merge: { seedCost: 200, frontier: first.frontier, succeeded: since },
    });
    const mergedFlags = await flagged();
    const full = await control.updatePareto({ sweepId });
    expect(merged).toEqual(full);
    expect(mergedFlags).toEqual([ids[0], ids[2], ids[3], ids[5]].sort());
    expect(await flagged()).toEqual(mergedFlags);
    expect(merged.frontier.find((f) => f.runId === ids[3])).toEqual({
      runId: ids[3],
      cost: 40,
      accuracy: 0.7,
      structureHash: 'h3',
    });
  });

  it('is idempotent: merging the same cells again changes nothing', async () => {
    const full = await control.updatePareto({ sweepId });
    const again = await control.updatePareto({
      sweepId,
      merge: { seedCost: 200, frontier: full.frontier, succeeded: [await succeed(4)] },
    });
    expect(again).toEqual(full);
    expect(await flagged()).toEqual([ids[0], ids[2], ids[3], ids[5]].sort());
  });
});
