import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sweepWorkflowId } from '@morphsweep/contracts';
import { applyMigrations } from '../migrations/apply-migrations';
import { createDb, type Db } from '../prisma-client';
import { RunRepository } from './run.repository';
import { SweepRepository } from './sweep.repository';

const servers = inject('databaseUrls');

// The local stack gives each process one connection (DATABASE_POOL_MAX 1 on the embedded
// Postgres), so a transaction waits for it while another query holds it — on a loaded machine
// for seconds. Prisma's default wait for a transaction's connection is 2 s: requeueFailedRuns
// failed five attempts in a row on it (P2028, "Unable to start a transaction in the given
// time") while a retraining wrote its progress, and a resumed sweep stalled.
describe.each([
  ['PostgreSQL', servers.postgres],
  ['embedded PGlite', servers.embedded],
])('run transactions behind a busy connection on %s', (_name, url) => {
  let db: Db;
  let runs: RunRepository;

  beforeAll(async () => {
    await applyMigrations(url);
    db = createDb(url, { maxConnections: 1 });
    runs = new RunRepository(db);
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  async function cancelledSweep(): Promise<{ sweepId: string; runId: string }> {
    const sweepId = randomUUID();
    const runId = randomUUID();
    await new SweepRepository(db).createWithRuns({
      id: sweepId,
      name: 'busy connection',
      spec: {},
      workflowId: sweepWorkflowId(sweepId),
      cells: [{ id: runId, cellIndex: 0, strength: 1e-6, threshold: 0.1 }],
    });
    await runs.cancelQueued(sweepId);
    return { sweepId, runId };
  }

  // Another transaction holds the only connection for 3 s, longer than Prisma's default 2 s
  // wait (a plain query in its place is waited for without a limit).
  const holdConnection = () =>
    db.$transaction(async (tx) => tx.$executeRaw`SELECT pg_sleep(3)`, { timeout: 10_000 });

  it('requeues once the connection is free instead of failing after 2 s', async () => {
    const { sweepId, runId } = await cancelledSweep();
    const busy = holdConnection();
    const requeued = await runs.requeue(sweepId, ['CANCELLED']);
    await busy;
    expect(requeued).toEqual([{ id: runId, status: 'CANCELLED' }]);
    expect((await runs.get(runId)).status).toBe('QUEUED');
  });

  it('sets Pareto flags once the connection is free instead of failing after 2 s', async () => {
    const { sweepId, runId } = await cancelledSweep();
    const busy = holdConnection();
    await runs.setParetoFlags(sweepId, [runId]);
    await busy;
    expect((await runs.get(runId)).paretoOptimal).toBe(true);
  });
});
