import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sweepWorkflowId } from '@morphsweep/contracts';
import { applyMigrations } from '../migrations/apply-migrations';
import { createDb, type Db } from '../prisma-client';
import { RunMetricRepository, type MetricPoint } from './run-metric.repository';
import { RunRepository } from './run.repository';
import { SweepRepository } from './sweep.repository';

// The reads that must stay cheap with 10,000 runs and 100,000-point curves: list summaries in
// a constant number of queries, chart points in one, curves by keyset page or downsampled.
const servers = inject('databaseUrls');

describe.each([
  ['PostgreSQL', servers.postgres],
  ['embedded PGlite', servers.embedded],
])('reads at scale on %s', (_name, url) => {
  let db: Db;
  let queries: string[];
  let counted: Db;

  beforeAll(async () => {
    await applyMigrations(url);
    db = createDb(url);
    queries = [];
    counted = createDb(url, { onQuery: (sql) => queries.push(sql) });
  });
  afterAll(async () => {
    await db.$disconnect();
    await counted.$disconnect();
  });

  async function sweepOf(
    cellCount: number,
    name = 'scale',
  ): Promise<{ id: string; runIds: string[] }> {
    const id = randomUUID();
    const runIds = Array.from({ length: cellCount }, () => randomUUID());
    await new SweepRepository(db).createWithRuns({
      id,
      name,
      spec: { huge: 'x'.repeat(10_000) },
      workflowId: sweepWorkflowId(id),
      cells: runIds.map((runId, i) => ({
        id: runId,
        cellIndex: i,
        strength: 1e-6 * (i + 1),
        threshold: 0.1,
      })),
    });
    return { id, runIds };
  }

  it('lists sweep summaries without specs, with counts per state, in the same few queries for 3 or 30 sweeps', async () => {
    const status = 'CANCELLED' as const; // a state no other spec of this file leaves sweeps in
    const made = [];
    for (let i = 0; i < 30; i++) made.push(await sweepOf(2, `summary ${i}`));
    const sweeps = new SweepRepository(db);
    for (const s of made) await sweeps.setStatus(s.id, status);
    await new RunRepository(db).setState(made[29]!.runIds[0]!, { status: 'RUNNING' });

    const listed = new SweepRepository(counted);
    const queriesFor = async (limit: number) => {
      queries.length = 0;
      const page = await listed.listSummaries({ status, limit });
      return { page, queries: queries.length };
    };
    const small = await queriesFor(3);
    const large = await queriesFor(30);
    expect(small.page.items).toHaveLength(3);
    expect(large.page.items).toHaveLength(30);
    expect(large.queries).toBe(small.queries);
    expect(large.queries).toBeLessThanOrEqual(3);
    for (const item of large.page.items) expect(item).not.toHaveProperty('spec');
    // Found by id: other specs share this database and may cancel sweeps of their own.
    const byId = new Map(large.page.items.map((i) => [i.id, i]));
    expect(byId.get(made[29]!.id)?.counts).toEqual({
      QUEUED: 1,
      RUNNING: 1,
      SUCCEEDED: 0,
      FAILED: 0,
      CANCELLED: 0,
    });
    expect(byId.get(made[28]!.id)?.counts.QUEUED).toBe(2);
    expect(large.page.total).toBeGreaterThanOrEqual(30);
  });

  it('gives every run of a sweep as a chart point in one query, in cell order', async () => {
    const { id, runIds } = await sweepOf(600);
    await new RunRepository(db).recordResult(runIds[7]!, {
      structure: {},
      structureHash: 'h',
      cost: 12,
      accuracy: 0.75,
    });
    queries.length = 0;
    const points = await new RunRepository(counted).listPoints(id);
    expect(queries).toHaveLength(1);
    expect(points.map((p) => p.id)).toEqual(runIds);
    expect(points[7]).toEqual({
      id: runIds[7],
      cellIndex: 7,
      strength: 8e-6,
      threshold: 0.1,
      status: 'SUCCEEDED',
      errorCode: null,
      cost: 12,
      accuracy: 0.75,
      paretoOptimal: false,
    });
  });

  describe('a 20,000-point curve', () => {
    const STEPS = 20_000;
    // A falling loss with one spike, accuracy at every 100th step with one best value.
    const curve: MetricPoint[] = Array.from({ length: STEPS }, (_, step) => ({
      step,
      taskLoss: step === 12_345 ? 50 : 2 - step / STEPS,
      regLoss: 1 + Math.sin(step / 500),
      cost: 1000 - Math.floor(step / 40),
      accuracy: step % 100 === 99 ? (step === 15_099 ? 0.99 : 0.5 + step / (4 * STEPS)) : null,
      examplesPerSecond: 60,
    }));
    let runId: string;
    let metrics: RunMetricRepository;

    beforeAll(async () => {
      runId = (await sweepOf(1)).runIds[0]!;
      metrics = new RunMetricRepository(db);
      await metrics.append(runId, curve);
    }, 120_000);

    it('pages by step: the pages join into the whole curve, the last says there is no next', async () => {
      const steps: number[] = [];
      let afterStep = -1;
      let pages = 0;
      for (;;) {
        const page = await metrics.page(runId, { afterStep, limit: 7_000 });
        pages++;
        steps.push(...page.items.map((p) => p.step));
        if (page.nextAfterStep === null) break;
        expect(page.items).toHaveLength(7_000);
        afterStep = page.nextAfterStep;
      }
      expect(pages).toBe(3);
      expect(steps).toEqual(curve.map((p) => p.step));
      const tail = await metrics.page(runId, { afterStep: STEPS - 3, limit: 10 });
      expect(tail).toEqual({
        items: [curve[STEPS - 2], curve[STEPS - 1]],
        nextAfterStep: null,
      });
      expect(await metrics.count(runId)).toBe(STEPS);
      expect(await metrics.count(runId, 9_999)).toBe(10_000);
    });

    it('downsamples to at most maxPoints real rows, keeping the ends and every extreme', async () => {
      const kept = await metrics.downsample(runId, { afterStep: -1, maxPoints: 202 });
      expect(kept.length).toBeLessThanOrEqual(202);
      // Series rising or falling in step share their buckets' end rows, so fewer than 202.
      expect(kept.length).toBeGreaterThanOrEqual(100);
      const steps = kept.map((p) => p.step);
      expect(steps).toEqual([...steps].sort((a, b) => a - b));
      expect(new Set(steps).size).toBe(steps.length);
      for (const p of kept) expect(p).toEqual(curve[p.step]);
      expect(steps[0]).toBe(0);
      expect(steps.at(-1)).toBe(STEPS - 1);
      expect(steps).toContain(12_345); // the loss spike
      expect(steps).toContain(15_099); // the best accuracy
      // Accuracy keeps its own buckets: a share of the points still carries it.
      expect(kept.filter((p) => p.accuracy !== null).length).toBeGreaterThanOrEqual(40);
      // Both ends of each series' range are there.
      for (const key of ['taskLoss', 'regLoss', 'cost'] as const) {
        const values = curve.map((p) => p[key]);
        const got = kept.map((p) => p[key]);
        expect(Math.min(...got), key).toBe(Math.min(...values));
        expect(Math.max(...got), key).toBe(Math.max(...values));
      }
    });

    it('downsamples only the steps after afterStep, and returns a short curve whole', async () => {
      const late = await metrics.downsample(runId, { afterStep: 17_999, maxPoints: 50 });
      expect(late.length).toBeLessThanOrEqual(50);
      expect(late[0]!.step).toBe(18_000);
      const short = await metrics.downsample(runId, { afterStep: STEPS - 11, maxPoints: 50 });
      expect(short.map((p) => p.step)).toEqual(curve.slice(-10).map((p) => p.step));
      await expect(metrics.downsample(runId, { afterStep: -1, maxPoints: 3 })).rejects.toThrow(
        /maxPoints must be an integer of at least 10, got 3/,
      );
    });
  });
});
