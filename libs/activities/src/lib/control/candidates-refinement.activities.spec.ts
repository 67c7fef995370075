import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sweepSpecSchema, sweepWorkflowId, type SweepSpecInput } from '@morphsweep/contracts';
import {
  applyMigrations,
  CandidateRepository,
  createDb,
  RunRepository,
  SweepRepository,
  type Db,
} from '@morphsweep/db';
import type { ArtifactStore } from '@morphsweep/storage';
import { createControlActivities } from '../create-activities';
import { refinedCellId } from './grid-refinement.activity';

const spec: SweepSpecInput = {
  name: 'refined',
  seedNetwork: 'fmnist-cnn',
  dataset: { kind: 'synthetic', subsetSize: 64 },
  morphnet: { family: 'gamma', resource: 'flops' },
  grid: { strengths: [1e-8, 1e-6, 1e-4], thresholds: [0.1] },
  budget: { steps: 10, batchSize: 8, learningRate: 0.01, evalInterval: 5, checkpointInterval: 5 },
  retrain: { policy: 'auto', topK: 3, baseline: false },
  refine: { maxExtraCells: 2, rounds: 1 },
  candidates: {},
};

// The control activities of refinement and candidates, on a real PostgreSQL.
describe('refineGrid, updatePareto and ensureRetraining with candidates', () => {
  let db: Db;
  let control: ReturnType<typeof createControlActivities>;
  const sweepId = randomUUID();
  const cellIds = [randomUUID(), randomUUID(), randomUUID()];

  beforeAll(async () => {
    const url = inject('databaseUrl');
    await applyMigrations(url);
    db = createDb(url);
    // Control activities never touch the artifact store.
    control = createControlActivities({ db, store: {} as ArtifactStore });
    await new SweepRepository(db).createWithRuns({
      id: sweepId,
      name: 'refined',
      spec: sweepSpecSchema.parse(spec) as never,
      workflowId: sweepWorkflowId(sweepId),
      seedCost: 1000,
      cells: [1e-8, 1e-6, 1e-4].map((strength, i) => ({
        id: cellIds[i]!,
        cellIndex: i,
        strength,
        threshold: 0.1,
      })),
    });
    const runs = new RunRepository(db);
    await runs.recordResult(cellIds[0]!, {
      structure: { conv: 8 },
      structureHash: 'seed',
      cost: 1000,
      accuracy: 0.9,
      regLoss: 1,
      flops: 1000,
      modelSize: 10,
      backend: 'cpu',
    });
    for (const id of cellIds.slice(1))
      await runs.setState(id, { status: 'FAILED', errorCode: 'STRUCTURE_COLLAPSED', error: 'x' });
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  it('adds the seed | collapse midpoint once, with a stable id, then stops at the rounds', async () => {
    const added = await control.refineGrid({ sweepId });
    const id = refinedCellId(sweepId, Math.sqrt(1e-8 * 1e-6), 0.1);
    expect(added).toEqual({ round: 1, runIds: [id] });
    // A retry after the write gets the same cells back and writes nothing.
    expect(await control.refineGrid({ sweepId })).toEqual(added);
    const row = await new RunRepository(db).get(id);
    expect(row).toMatchObject({ cellIndex: 3, threshold: 0.1, refineRound: 1, status: 'QUEUED' });
    expect(row.strength).toBeCloseTo(1e-7, 20);
    await new RunRepository(db).setState(id, {
      status: 'FAILED',
      errorCode: 'STRUCTURE_COLLAPSED',
    });
    // One round was asked for: even with budget left, nothing more.
    expect(await control.refineGrid({ sweepId })).toEqual({ round: 1, runIds: [] });
  });

  it('puts the deduplicated candidates’ frontier beside the runs’, and retrains a candidate', async () => {
    const run = cellIds[0]!;
    const at = (step: number, threshold: number, structureHash: string, cost: number) => ({
      runId: run,
      sweepId,
      step,
      threshold,
      structure: { conv: cost / 125 },
      structureHash,
      cost,
      accuracy: 0.5 + step / 100,
    });
    await new CandidateRepository(db).upsertMany([
      at(5, 0.1, 'narrow', 500),
      at(5, 0.01, 'narrow', 500),
      at(10, 0.1, 'seed', 1000),
    ]);
    const pareto = await control.updatePareto({ sweepId });
    expect(pareto.frontier.map((f) => f.runId)).toEqual([run]);
    expect(pareto.candidates).toEqual([
      { runId: run, cost: 500, accuracy: 0.55, structureHash: 'narrow' },
      { runId: run, cost: 1000, accuracy: 0.6, structureHash: 'seed' },
    ]);

    const ensured = await control.ensureRetraining({
      runId: run,
      trigger: 'AUTO',
      structureHash: 'narrow',
    });
    expect(ensured).toMatchObject({ structureHash: 'narrow', created: true });
    expect(ensured.workflowId).toContain('narrow');
    const own = await control.ensureRetraining({ runId: run, trigger: 'AUTO' });
    expect(own).toMatchObject({ structureHash: 'seed', created: true });
    await expect(
      control.ensureRetraining({ runId: run, trigger: 'AUTO', structureHash: 'nowhere' }),
    ).rejects.toMatchObject({ type: 'NOT_FOUND' });
  });
});
