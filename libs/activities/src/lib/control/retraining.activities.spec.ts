import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  retrainingSeed,
  sweepSpecSchema,
  sweepWorkflowId,
  type SweepSpecInput,
} from '@morphsweep/contracts';
import {
  applyMigrations,
  createDb,
  RetrainingRepository,
  RunRepository,
  SweepRepository,
  type Db,
} from '@morphsweep/db';
import type { ArtifactStore } from '@morphsweep/storage';
import { networkCost, seedNetworkOf } from '@morphsweep/sweeps';
import type { RetrainRequest } from '@morphsweep/training';
import { createControlActivities, createTrainingActivities } from '../create-activities';

const spec: SweepSpecInput = {
  name: 'replicas',
  seedNetwork: 'fmnist-cnn',
  dataset: { kind: 'synthetic', subsetSize: 64 },
  morphnet: { family: 'gamma', resource: 'flops' },
  grid: { strengths: [1e-8], thresholds: [0.1] },
  budget: { steps: 10, batchSize: 8, learningRate: 0.01, evalInterval: 5, checkpointInterval: 5 },
  retrain: { policy: 'manual', seeds: 3, baseline: true },
  seed: 7,
};

// ensureRetraining's replicas and the seed retrainStructure trains each with, on PostgreSQL.
describe('retraining replicas', () => {
  let db: Db;
  let control: ReturnType<typeof createControlActivities>;
  const sweepId = randomUUID();
  const runId = randomUUID();
  const seedCost = networkCost(seedNetworkOf(sweepSpecSchema.parse(spec)), spec.morphnet);

  beforeAll(async () => {
    const url = inject('databaseUrl');
    await applyMigrations(url);
    db = createDb(url);
    control = createControlActivities({ db, store: {} as ArtifactStore });
    await new SweepRepository(db).createWithRuns({
      id: sweepId,
      name: spec.name,
      spec: sweepSpecSchema.parse(spec) as never,
      workflowId: sweepWorkflowId(sweepId),
      seedCost,
      cells: [{ id: runId, cellIndex: 0, strength: 1e-8, threshold: 0.1 }],
    });
    await new RunRepository(db).recordResult(runId, {
      structure: {},
      structureHash: 'half',
      cost: seedCost / 2,
      accuracy: 0.9,
      regLoss: 1,
      flops: seedCost / 2,
      modelSize: 10,
      backend: 'cpu',
    });
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  it('ensures one row per seed, each with its replica, workflow id and seed, once however often asked', async () => {
    const first = await control.ensureRetraining({ runId, trigger: 'PROMOTED' });
    expect(first.replicas?.map((r) => [r.replica, r.workflowId, r.created])).toEqual([
      [0, `retrain-${sweepId}-half`, true],
      [1, `retrain-${sweepId}-half-r1`, true],
      [2, `retrain-${sweepId}-half-r2`, true],
    ]);
    expect(first).toMatchObject({ replica: 0, retrainingId: first.replicas?.[0]?.retrainingId });
    const again = await control.ensureRetraining({ runId, trigger: 'PROMOTED' });
    expect(again.replicas?.map((r) => [r.retrainingId, r.created])).toEqual(
      first.replicas?.map((r) => [r.retrainingId, false]),
    );
    const rows = (await new RetrainingRepository(db).list({ sweepId })).items;
    expect(rows.map((r) => [r.kind, r.replica, r.seed]).sort()).toEqual([
      ['LEARNED', 0, 7],
      ['LEARNED', 1, retrainingSeed(7, 1)],
      ['LEARNED', 2, retrainingSeed(7, 2)],
    ]);
  });

  it('ensures only the replica asked for, and refuses one out of range', async () => {
    const baseline = await control.ensureRetraining({
      runId,
      trigger: 'PROMOTED',
      kind: 'WIDTH_MULTIPLIER',
      replica: 2,
    });
    expect(baseline).toMatchObject({
      replica: 2,
      workflowId: `retrain-${sweepId}-half-width-multiplier-r2`,
      created: true,
    });
    expect(baseline.replicas).toHaveLength(1);
    const kinds = (await new RetrainingRepository(db).list({ sweepId })).items.map((r) => r.kind);
    expect(kinds.filter((k) => k === 'WIDTH_MULTIPLIER')).toHaveLength(1);
    await expect(
      control.ensureRetraining({ runId, trigger: 'PROMOTED', replica: 10 }),
    ).rejects.toMatchObject({ type: 'INVALID_CONFIG', message: expect.stringMatching(/10/) });
  });

  it("trains each replica with its row's seed and records the outcome", async () => {
    const requests: RetrainRequest[] = [];
    const training = createTrainingActivities({
      db,
      store: {} as ArtifactStore,
      retrain: async (request) => {
        requests.push(request);
        return {
          status: 'succeeded',
          network: request.network,
          epochs: [],
          steps: 10,
          accuracy: 0.8,
          cost: seedCost / 2,
          flops: seedCost / 2,
          modelSize: 10,
          parameters: 100,
          backend: 'cpu',
        };
      },
    });
    const { retrainingId } = await control.ensureRetraining({
      runId,
      trigger: 'PROMOTED',
      kind: 'WIDTH_MULTIPLIER',
      replica: 1,
    });
    const outcome = await new MockActivityEnvironment().run(training.retrainStructure, {
      retrainingId,
    });
    expect(outcome).toMatchObject({ retrainingId, finalAccuracy: 0.8 });
    expect(requests.map((r) => r.seed)).toEqual([retrainingSeed(7, 1)]);
    expect(retrainingSeed(7, 1)).not.toBe(7);
    expect(await new RetrainingRepository(db).get(retrainingId)).toMatchObject({
      status: 'SUCCEEDED',
      finalAccuracy: 0.8,
    });
  });
});
