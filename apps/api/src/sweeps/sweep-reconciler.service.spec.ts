import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sweepWorkflowId, TASK_QUEUES } from '@morphsweep/contracts';
import { createDb, SweepRepository, type Db } from '@morphsweep/db';
import { seedSweep } from '../test/fixtures';
import { serveApi } from '../test/serve-api';
import { SweepReconciler } from './sweep-reconciler.service';

// Issue 13 item 5 against the real Temporal dev server: a sweep whose start was lost is
// started, a RUNNING sweep whose workflow died is marked FAILED. Each test reconciles only its
// own sweeps (a whole round would start the workflows of other spec files' fixtures).
const stack = inject('stack');

describe(SweepReconciler.name, () => {
  let served: { app: INestApplication; url: string };
  let reconciler: SweepReconciler;
  let db: Db;
  let connection: Connection;
  let client: Client;
  const started: string[] = [];

  beforeAll(async () => {
    served = await serveApi({
      SWEEP_RECONCILE_INTERVAL_MS: '0',
      SWEEP_RECONCILE_AFTER_MS: '60000',
    });
    reconciler = served.app.get(SweepReconciler);
    db = createDb(stack.databaseUrl!, { maxConnections: 1 });
    connection = await Connection.connect({ address: stack.temporalAddress! });
    client = new Client({ connection });
  });
  afterAll(async () => {
    for (const id of started) {
      await client.workflow
        .getHandle(sweepWorkflowId(id))
        .terminate('test cleanup')
        .catch(() => undefined);
    }
    await served.app.close();
    await connection.close();
    await db.$disconnect();
  });

  const sweeps = () => new SweepRepository(db);
  const later = (ms: number) => new Date(Date.now() + ms);

  it('starts the workflow of a sweep QUEUED past the staleness window, once', async () => {
    const { sweepId } = await seedSweep(db, 2, 'lost start');
    started.push(sweepId);
    const handle = client.workflow.getHandle(sweepWorkflowId(sweepId));
    expect(await reconciler.reconcileSweep(await sweeps().get(sweepId))).toBe('none');
    await expect(handle.describe()).rejects.toThrow();

    expect(await reconciler.reconcileSweep(await sweeps().get(sweepId), later(61_000))).toBe(
      'started',
    );
    const described = await handle.describe();
    expect(described).toMatchObject({ type: 'sweepWorkflow', taskQueue: TASK_QUEUES.control });
    expect(described.status.name).toBe('RUNNING');
    // Still QUEUED (no worker here), but its workflow exists: nothing more to do.
    expect(await reconciler.reconcileSweep(await sweeps().get(sweepId), later(120_000))).toBe(
      'none',
    );
    expect((await handle.describe()).runId).toBe(described.runId);
  });

  it('marks FAILED a RUNNING sweep whose workflow closed without finishing it', async () => {
    const { sweepId } = await seedSweep(db, 1, 'dead workflow');
    await sweeps().setStatus(sweepId, 'RUNNING');
    const handle = await client.workflow.start('sweepWorkflow', {
      workflowId: sweepWorkflowId(sweepId),
      taskQueue: TASK_QUEUES.control,
      args: [sweepId],
    });
    expect(await reconciler.reconcileSweep(await sweeps().get(sweepId))).toBe('none');
    await handle.terminate('the workflow died');
    expect(await reconciler.reconcileSweep(await sweeps().get(sweepId))).toBe('failed');
    expect((await sweeps().get(sweepId)).status).toBe('FAILED');
    // A final sweep is left alone.
    expect(await reconciler.reconcileSweep(await sweeps().get(sweepId), later(120_000))).toBe(
      'none',
    );
  });

  it('starts the workflow of a RUNNING sweep that Temporal has no workflow for', async () => {
    const { sweepId } = await seedSweep(db, 1, 'lost history');
    started.push(sweepId);
    await sweeps().setStatus(sweepId, 'RUNNING');
    expect(await reconciler.reconcileSweep(await sweeps().get(sweepId))).toBe('started');
    expect((await client.workflow.getHandle(sweepWorkflowId(sweepId)).describe()).status.name).toBe(
      'RUNNING',
    );
  });
});
