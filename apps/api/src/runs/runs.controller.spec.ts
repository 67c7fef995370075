import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, RetrainingRepository, RunRepository, type Db } from '@morphsweep/db';
import { seedSweep } from '../test/fixtures';
import { serveApi } from '../test/serve-api';
import { RunsController } from './runs.controller';
import { sweepWorkflowId } from '@morphsweep/contracts';

// Runs and retrainings end to end: sorting, filtering, paging, and the errors of each.
const stack = inject('stack');
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe(RunsController.name, () => {
  let app: INestApplication;
  let url: string;
  let db: Db;
  let temporal: Connection;
  // One sweep of five cells: 0 and 1 succeeded, 2 failed, 3 running, 4 queued.
  let sweepId: string;
  let ids: string[];

  beforeAll(async () => {
    ({ app, url } = await serveApi());
    db = createDb(stack.databaseUrl!);
    temporal = await Connection.connect({ address: stack.temporalAddress! });
    ({ sweepId, runIds: ids } = await seedSweep(db, 5, 'runs spec'));
    const runs = new RunRepository(db);
    await runs.recordResult(ids[0]!, {
      structure: { 'conv1/Conv2D': 6 },
      structureHash: 'a',
      cost: 30,
      accuracy: 0.5,
    });
    await runs.recordResult(ids[1]!, {
      structure: { 'conv1/Conv2D': 2 },
      structureHash: 'b',
      cost: 10,
      accuracy: 0.7,
    });
    await runs.setState(ids[2]!, { status: 'FAILED', errorCode: 'DIVERGED', error: 'loss is NaN' });
    await runs.setState(ids[3]!, { status: 'RUNNING' });
  });
  afterAll(async () => {
    await temporal?.close();
    await db?.$disconnect();
    await app?.close();
  });

  const get = async (p: string) => {
    const res = await fetch(`${url}/api${p}`);
    return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const cells = async (query: string) => {
    const { status, body } = await get(`/sweeps/${sweepId}/runs?${query}`);
    expect(status).toBe(200);
    return (body.items as Array<{ id: string }>).map((r) => ids.indexOf(r.id));
  };

  it('sorts by cost, accuracy and status either way, runs without a result last, ties by cell', async () => {
    expect(await cells('sortBy=cost')).toEqual([1, 0, 2, 3, 4]);
    expect(await cells('sortBy=cost&order=desc')).toEqual([0, 1, 2, 3, 4]);
    expect(await cells('sortBy=accuracy&order=desc')).toEqual([1, 0, 2, 3, 4]);
    expect(await cells('sortBy=accuracy')).toEqual([0, 1, 2, 3, 4]);
    // The lifecycle order of the states, not the alphabet.
    expect(await cells('sortBy=status')).toEqual([4, 3, 0, 1, 2]);
    expect(await cells('sortBy=status&order=desc')).toEqual([2, 0, 1, 3, 4]);
  });

  it('filters by status and pages with a stable total', async () => {
    expect(await cells('status=SUCCEEDED&sortBy=cost')).toEqual([1, 0]);
    expect(await cells('status=QUEUED')).toEqual([4]);
    const page = await get(`/sweeps/${sweepId}/runs?sortBy=cost&limit=2&offset=2`);
    expect(page.body).toMatchObject({ total: 5, offset: 2, limit: 2 });
    expect(page.body.items.map((r: { id: string }) => ids.indexOf(r.id))).toEqual([2, 3]);
    const past = await get(`/sweeps/${sweepId}/runs?offset=10`);
    expect(past.body).toMatchObject({ items: [], total: 5, offset: 10, limit: 50 });
  });

  it('answers 400 naming each bad query field and the malformed id', async () => {
    const bad = await get(
      `/sweeps/${sweepId}/runs?sortBy=speed&order=up&status=DONE&limit=501&offset=-1`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_INPUT');
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'limit',
      'offset',
      'order',
      'sortBy',
      'status',
    ]);
    expect(bad.body.issues.every((i: { message: string }) => i.message.length > 0)).toBe(true);
    for (const p of [
      '/runs/not-a-uuid',
      '/runs/not-a-uuid/structure',
      '/sweeps/42/runs',
      '/retrainings/x',
    ]) {
      const res = await get(p);
      expect(res.status, p).toBe(400);
      expect(res.body.issues, p).toEqual([
        { path: 'id', message: expect.stringContaining('must be a UUID') },
      ]);
    }
    expect(
      (await get(`/retrainings?sweepId=nope`)).body.issues.map((i: { path: string }) => i.path),
    ).toEqual(['sweepId']);
  });

  it('answers 404 for an unknown run or retraining, on every run endpoint', async () => {
    for (const p of [
      `/runs/${UNKNOWN_ID}`,
      `/runs/${UNKNOWN_ID}/structure`,
      `/retrainings/${UNKNOWN_ID}`,
    ]) {
      const res = await get(p);
      expect(res.status, p).toBe(404);
      expect(res.body.code, p).toBe('NOT_FOUND');
    }
    const promote = await fetch(`${url}/api/runs/${UNKNOWN_ID}/promote`, { method: 'POST' });
    expect(promote.status).toBe(404);
  });

  it('refuses to promote a run without a structure with 409, starting and writing nothing', async () => {
    const before = (await new RunRepository(db).listForSweep(sweepId)).items;
    for (const cell of [2, 3, 4]) {
      const res = await fetch(`${url}/api/runs/${ids[cell]}/promote`, { method: 'POST' });
      expect(res.status).toBe(409);
      expect(((await res.json()) as { code: string }).code).toBe('CONFLICT');
    }
    expect((await new RunRepository(db).listForSweep(sweepId)).items).toEqual(before);
    expect((await new RetrainingRepository(db).list({ sweepId })).total).toBe(0);
    const handle = new Client({ connection: temporal }).workflow.getHandle(
      sweepWorkflowId(sweepId),
    );
    await expect(handle.describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });

  it('answers 503 instead of hanging when no worker serves the sweep workflow, naming the queue', async () => {
    // The test stack runs Temporal but no worker: the update is never taken.
    const impatient = await serveApi({ PROMOTE_TIMEOUT_MS: '1500' });
    try {
      const started = Date.now();
      const res = await fetch(`${impatient.url}/api/runs/${ids[0]}/promote`, { method: 'POST' });
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({
        code: 'UNAVAILABLE',
        message: expect.stringContaining('morphnet-control'),
      });
      expect(Date.now() - started).toBeLessThan(15_000);
      expect((await new RetrainingRepository(db).list({ sweepId })).total).toBe(0);
    } finally {
      await new Client({ connection: temporal }).workflow
        .getHandle(sweepWorkflowId(sweepId))
        .terminate('test cleanup')
        .catch(() => undefined);
      await impatient.app.close();
    }
  });

  it("gives a run's details: status, error, attempt, worker, backend, curve and seed widths", async () => {
    const failed = await get(`/runs/${ids[2]}`);
    expect(failed.body).toMatchObject({
      id: ids[2],
      sweepId,
      status: 'FAILED',
      errorCode: 'DIVERGED',
      error: 'loss is NaN',
    });
    expect(failed.body).toHaveProperty('attempt');
    expect(failed.body).toHaveProperty('workerIdentity');
    expect(failed.body).toHaveProperty('backend');
    expect(Object.values(failed.body.seedWidths)).toEqual([8, 16, 32]);
  });

  it('lists retrainings of one sweep and gets one', async () => {
    const retrainings = new RetrainingRepository(db);
    const { retraining } = await retrainings.ensure({
      id: randomUUID(),
      sweepId,
      sourceRunId: ids[1]!,
      structureHash: 'b',
      seed: 0,
      trigger: 'PROMOTED',
      workflowId: `retrain-${sweepId}-b`,
    });
    const replica = await retrainings.ensure({
      id: randomUUID(),
      sweepId,
      sourceRunId: ids[1]!,
      structureHash: 'b',
      replica: 2,
      seed: 1234,
      trigger: 'PROMOTED',
      workflowId: `retrain-${sweepId}-b-r2`,
    });
    const list = await get(`/retrainings?sweepId=${sweepId}`);
    expect(list.body).toMatchObject({ total: 2 });
    expect(list.body.items).toContainEqual(
      expect.objectContaining({
        id: retraining.id,
        sourceRunId: ids[1],
        trigger: 'PROMOTED',
        status: 'QUEUED',
        replica: 0,
        seed: 0,
      }),
    );
    const one = await get(`/retrainings/${replica.retraining.id}`);
    expect(one.body).toMatchObject({ sweepId, structureHash: 'b', replica: 2, seed: 1234 });
    expect((await get('/retrainings?limit=1')).body.items).toHaveLength(1);
  });
});
