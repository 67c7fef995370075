import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { sweepWorkflowId, TASK_QUEUES } from '@morphsweep/contracts';
import { applyMigrations, createDb, RunRepository, SweepRepository, type Db } from '@morphsweep/db';
import { freePort, startPostgresServer, type PostgresServer } from '@morphsweep/devstack';
import { SweepOrchestrator } from '../temporal/sweep-orchestrator.service';
import { seedSweep } from '../test/fixtures';
import { serveApi } from '../test/serve-api';
import { SweepReconciler } from './sweep-reconciler.service';

// Whole reconciler rounds, and a cancel racing the reconciler's start, against the real
// Temporal dev server and a real PostgreSQL of this file's own: a round reads every sweep of
// its database, and the shared test database holds other spec files' fixtures.
const stack = inject('stack');
const STALE_AFTER_MS = 60_000;

describe(`${SweepReconciler.name} rounds`, () => {
  let pg: PostgresServer;
  let served: { app: INestApplication; url: string };
  let reconciler: SweepReconciler;
  let db: Db;
  let connection: Connection;
  let client: Client;
  const workflows = new Set<string>();

  beforeAll(async () => {
    pg = await startPostgresServer(await freePort());
    await applyMigrations(pg.url);
    served = await serveApi({
      DATABASE_URL: pg.url,
      SWEEP_RECONCILE_INTERVAL_MS: '0',
      SWEEP_RECONCILE_AFTER_MS: String(STALE_AFTER_MS),
    });
    reconciler = served.app.get(SweepReconciler);
    db = createDb(pg.url, { maxConnections: 1 });
    connection = await Connection.connect({ address: stack.temporalAddress! });
    client = new Client({ connection });
  });
  afterAll(async () => {
    for (const id of workflows) {
      await client.workflow
        .getHandle(sweepWorkflowId(id))
        .terminate('test cleanup')
        .catch(() => undefined);
    }
    await served?.app.close();
    await connection?.close();
    await db?.$disconnect();
    await pg?.stop();
  });

  const sweeps = () => new SweepRepository(db);
  const handle = (sweepId: string) => client.workflow.getHandle(sweepWorkflowId(sweepId));
  const later = () => new Date(Date.now() + STALE_AFTER_MS + 1000);
  const signalsOf = async (sweepId: string) =>
    ((await handle(sweepId).fetchHistory()).events ?? [])
      .map((e) => e.workflowExecutionSignaledEventAttributes?.signalName)
      .filter(Boolean);

  // A sweep with `cells` QUEUED runs; RUNNING with a workflow started (no worker serves the
  // control queue here, so it stays open until it times out or is terminated).
  async function runningSweep(name: string, timeout?: string): Promise<string> {
    const { sweepId } = await seedSweep(db, 1, name);
    await sweeps().setStatus(sweepId, 'RUNNING');
    workflows.add(sweepId);
    await client.workflow.start('sweepWorkflow', {
      workflowId: sweepWorkflowId(sweepId),
      taskQueue: TASK_QUEUES.control,
      args: [sweepId],
      ...(timeout ? { workflowExecutionTimeout: timeout } : {}),
    });
    return sweepId;
  }

  it('starts stale QUEUED sweeps, fails those whose workflow died, and leaves the healthy alone', async () => {
    const stale = (await seedSweep(db, 2, 'stale')).sweepId;
    workflows.add(stale);
    await db.$executeRaw`UPDATE "Sweep" SET "updatedAt" = now() - interval '2 minutes' WHERE id = ${stale}::uuid`;
    const fresh = (await seedSweep(db, 1, 'fresh')).sweepId;
    const healthy = await runningSweep('healthy');
    const terminated = await runningSweep('terminated');
    await handle(terminated).terminate('the workflow died');
    const timedOut = await runningSweep('timed out', '1 second');
    await expect
      .poll(async () => (await handle(timedOut).describe()).status.name, { timeout: 20_000 })
      .toBe('TIMED_OUT');
    const finished = (await seedSweep(db, 1, 'finished')).sweepId;
    await sweeps().setStatus(finished, 'SUCCEEDED');

    const round = await reconciler.reconcile();
    expect(round.started).toEqual([stale]);
    expect([...round.failed].sort()).toEqual([terminated, timedOut].sort());
    expect(round.cancelled).toEqual([]);

    const status = async (id: string) => (await sweeps().get(id)).status;
    expect(await status(stale)).toBe('QUEUED'); // the workflow marks it RUNNING once a worker runs it
    expect((await handle(stale).describe()).status.name).toBe('RUNNING');
    expect(await status(fresh)).toBe('QUEUED');
    await expect(handle(fresh).describe()).rejects.toThrow();
    expect(await status(healthy)).toBe('RUNNING');
    expect((await handle(healthy).describe()).status.name).toBe('RUNNING');
    expect(await status(terminated)).toBe('FAILED');
    expect(await status(timedOut)).toBe('FAILED');
    expect(await status(finished)).toBe('SUCCEEDED');

    // Nothing is left to repair: the next round changes nothing.
    expect(await reconciler.reconcile()).toEqual({ started: [], failed: [], cancelled: [] });
  });

  it('a cancel landing between its read and its start wins: the started workflow is cancelled', async () => {
    const { sweepId, runIds } = await seedSweep(db, 2, 'cancel before start');
    workflows.add(sweepId);
    const start = SweepOrchestrator.prototype.start;
    const spy = vi
      .spyOn(SweepOrchestrator.prototype, 'start')
      .mockImplementationOnce(async function (this: SweepOrchestrator, id) {
        // The user cancels the orphan: no workflow to signal, so the API marks it CANCELLED.
        const res = await fetch(`${served.url}/api/sweeps/${id}/cancel`, { method: 'POST' });
        expect(res.status).toBe(202);
        return start.call(this, id);
      });
    try {
      expect(await reconciler.reconcileSweep(await sweeps().get(sweepId), later())).toBe(
        'cancelled',
      );
    } finally {
      spy.mockRestore();
    }
    expect((await sweeps().get(sweepId)).status).toBe('CANCELLED');
    const runs = new RunRepository(db);
    for (const id of runIds) expect((await runs.get(id)).status).toBe('CANCELLED');
    expect(await signalsOf(sweepId)).toEqual(['cancel']);
  });

  it('a cancel that found no workflow, then the reconciler started one, still wins', async () => {
    const { sweepId } = await seedSweep(db, 1, 'start during cancel');
    workflows.add(sweepId);
    const cancel = SweepOrchestrator.prototype.cancel;
    const spy = vi
      .spyOn(SweepOrchestrator.prototype, 'cancel')
      .mockImplementationOnce(async function (this: SweepOrchestrator, id) {
        const signalled = await cancel.call(this, id); // nothing to signal yet
        // The reconciler starts the workflow before the cancel has written anything.
        expect(await reconciler.reconcileSweep(await sweeps().get(id), later())).toBe('started');
        return signalled;
      });
    try {
      const res = await fetch(`${served.url}/api/sweeps/${sweepId}/cancel`, { method: 'POST' });
      expect(res.status).toBe(202);
    } finally {
      spy.mockRestore();
    }
    expect((await sweeps().get(sweepId)).status).toBe('CANCELLED');
    expect(await signalsOf(sweepId)).toEqual(['cancel']);
  });
});
