import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createDb,
  RunMetricRepository,
  RunRepository,
  SweepRepository,
  type Db,
} from '@morphsweep/db';
import { serveApi } from '../test/serve-api';
import { MetricsService } from './metrics.service';
import { sweepWorkflowId } from '@morphsweep/contracts';
import { storedSweepSpec } from '../test/fixtures';

// `/metrics` against the real Postgres: state counts and training throughput from the tables.
const stack = inject('stack');

/** The value of one sample line of a Prometheus exposition, or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe(MetricsService.name, () => {
  let app: INestApplication;
  let url: string;
  let db: Db;

  beforeAll(async () => {
    ({ app, url } = await serveApi());
    db = createDb(stack.databaseUrl!);
  });
  afterAll(async () => {
    await db.$disconnect();
    await app.close();
  });

  const scrape = async () => (await fetch(`${url}/metrics`)).text();

  it('counts sweeps and runs in every state, zero included', async () => {
    const text = await scrape();
    for (const status of ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED']) {
      expect(sample(text, 'morphsweep_sweeps', { status })).toBeGreaterThanOrEqual(0);
      expect(sample(text, 'morphsweep_runs', { status })).toBeGreaterThanOrEqual(0);
    }
  });

  it('reports the newest throughput of each RUNNING run, their sum per backend, and how long each has been quiet', async () => {
    // A backend name of its own keeps the per-backend sum free of other spec files' runs.
    const backend = `test-${randomUUID().slice(0, 8)}`;
    const sweepId = randomUUID();
    const [running, idle, done] = [randomUUID(), randomUUID(), randomUUID()];
    await new SweepRepository(db).createWithRuns({
      id: sweepId,
      name: 'metrics',
      spec: storedSweepSpec('fixture'),
      workflowId: sweepWorkflowId(sweepId),
      cells: [running, idle, done].map((id, i) => ({
        id,
        cellIndex: i,
        strength: 1e-8 * (i + 1),
        threshold: 0.01,
      })),
    });
    const runs = new RunRepository(db);
    const metrics = new RunMetricRepository(db);
    await runs.setState(running, { status: 'RUNNING', backend });
    await runs.setState(idle, { status: 'RUNNING', backend }); // started, no curve point yet
    await runs.setState(done, { status: 'SUCCEEDED', backend });
    const point = { taskLoss: 1, regLoss: 0.1, cost: 100 };
    await metrics.append(running, [
      { step: 10, ...point, examplesPerSecond: 120 },
      { step: 20, ...point, examplesPerSecond: 250.5 },
      { step: 25, ...point }, // a point without a throughput does not hide the last one
    ]);
    await metrics.append(done, [{ step: 10, ...point, examplesPerSecond: 999 }]);

    const text = await scrape();
    expect(
      sample(text, 'morphsweep_run_examples_per_second', { run: running, sweep: sweepId, backend }),
    ).toBe(250.5);
    expect(sample(text, 'morphsweep_run_examples_per_second', { run: idle })).toBeUndefined();
    expect(sample(text, 'morphsweep_run_examples_per_second', { run: done })).toBeUndefined();
    expect(sample(text, 'morphsweep_training_examples_per_second', { backend })).toBe(250.5);
    const quiet = sample(text, 'morphsweep_run_seconds_since_update', { run: idle, backend });
    expect(quiet).toBeGreaterThanOrEqual(0);
    expect(quiet).toBeLessThan(60);
    expect(sample(text, 'morphsweep_run_seconds_since_update', { run: done })).toBeUndefined();

    // A run that ends leaves the per-run series.
    await runs.setState(running, { status: 'SUCCEEDED' });
    await runs.setState(idle, { status: 'FAILED', error: 'boom' });
    const after = await scrape();
    expect(sample(after, 'morphsweep_run_examples_per_second', { run: running })).toBeUndefined();
    expect(sample(after, 'morphsweep_training_examples_per_second', { backend })).toBeUndefined();
  });
});
