import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sweepSpecSchema, sweepWorkflowId, type SweepSpecInput } from '@morphsweep/contracts';
import { applyMigrations, createDb, SweepRepository, type Db } from '@morphsweep/db';
import { SweepConfigCache } from './sweep-config-cache';

const spec: SweepSpecInput = {
  name: 'cached',
  seedNetwork: 'fmnist-cnn',
  dataset: { kind: 'synthetic', subsetSize: 64 },
  morphnet: { family: 'gamma', resource: 'flops' },
  grid: { strengths: [1e-8, 1e-6], thresholds: [0.1] },
  budget: { steps: 10, batchSize: 8, learningRate: 0.01, evalInterval: 5, checkpointInterval: 5 },
};

// On a real PostgreSQL, counting the statements the cache sends.
describe('SweepConfigCache', () => {
  let db: Db;
  let statements: string[];

  async function newSweep(stored: unknown = sweepSpecSchema.parse(spec)): Promise<string> {
    const id = randomUUID();
    await new SweepRepository(db).createWithRuns({
      id,
      name: 'cached',
      spec: stored as never,
      workflowId: sweepWorkflowId(id),
      cells: [],
    });
    return id;
  }

  beforeAll(async () => {
    const url = inject('databaseUrl');
    await applyMigrations(url);
    statements = [];
    db = createDb(url, { onQuery: (sql) => statements.push(sql) });
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  it("reads a sweep's spec once for all its cells, each config with its own cell's knobs", async () => {
    const cache = new SweepConfigCache(new SweepRepository(db));
    const sweepId = await newSweep();
    statements.length = 0;
    const a = await cache.configFor(sweepId, { strength: 1e-8, threshold: 0.1 });
    const b = await cache.configFor(sweepId, { strength: 1e-6, threshold: 0.2 });
    expect(statements.filter((s) => s.includes('"Sweep"'))).toHaveLength(1);
    expect(a).toMatchObject({ strength: 1e-8, threshold: 0.1, seed: 0 });
    expect(b).toMatchObject({ strength: 1e-6, threshold: 0.2, seed: 0 });
    expect(b.budget).toEqual(a.budget);
    expect(a.network.layers.length).toBeGreaterThan(0);
  });

  it('keeps the most recently used sweeps and reads an evicted one again', async () => {
    const cache = new SweepConfigCache(new SweepRepository(db), 2);
    const [x, y, z] = [await newSweep(), await newSweep(), await newSweep()];
    const cell = { strength: 1e-8, threshold: 0.1 };
    await cache.configFor(x, cell);
    await cache.configFor(y, cell);
    await cache.configFor(x, cell); // x is now the most recent: z evicts y
    await cache.configFor(z, cell);
    statements.length = 0;
    await cache.configFor(x, cell);
    expect(statements.filter((s) => s.includes('"Sweep"'))).toHaveLength(0);
    await cache.configFor(y, cell);
    expect(statements.filter((s) => s.includes('"Sweep"'))).toHaveLength(1);
  });

  it('caches no failure: an unknown sweep is NOT_FOUND, an invalid spec fails every time', async () => {
    const cache = new SweepConfigCache(new SweepRepository(db));
    const cell = { strength: 1e-8, threshold: 0.1 };
    await expect(cache.configFor(randomUUID(), cell)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const invalid = await newSweep({ name: 'no network' });
    await expect(cache.configFor(invalid, cell)).rejects.toThrow();
    statements.length = 0;
    await expect(cache.configFor(invalid, cell)).rejects.toThrow();
    expect(statements.filter((s) => s.includes('"Sweep"'))).toHaveLength(1);
  });
});
