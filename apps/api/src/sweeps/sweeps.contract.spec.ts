import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, RunRepository, SweepRepository, type Db } from '@morphsweep/db';
import { seedSweep, storedSweepSpec, sweepSpec } from '../test/fixtures';
import { serveApi } from '../test/serve-api';
import { sweepWorkflowId } from '@morphsweep/contracts';

// The sweep endpoints' contract beyond the happy path: filters, pages, idempotency under a
// race, and every error class with nothing written or started.
const stack = inject('stack');
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('sweeps contract', () => {
  let app: INestApplication;
  let url: string;
  let db: Db;
  let temporal: Connection;

  beforeAll(async () => {
    ({ app, url } = await serveApi());
    db = createDb(stack.databaseUrl!);
    temporal = await Connection.connect({ address: stack.temporalAddress! });
  });
  afterAll(async () => {
    await temporal?.close();
    await db?.$disconnect();
    await app?.close();
  });

  const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as any }); // eslint-disable-line @typescript-eslint/no-explicit-any
  const get = async (p: string) => json(await fetch(`${url}/api${p}`));
  const post = async (p: string, body?: unknown, headers: Record<string, string> = {}) =>
    json(
      await fetch(`${url}/api${p}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        ...(body === undefined
          ? {}
          : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      }),
    );
  const workflowOf = (sweepId: string) =>
    new Client({ connection: temporal }).workflow.getHandle(sweepWorkflowId(sweepId));

  it('filters sweeps by status and pages them newest first with a stable total', async () => {
    const { sweepId: cancelled } = await seedSweep(db, 1, 'filter cancelled');
    const { sweepId: queued } = await seedSweep(db, 1, 'filter queued');
    await new SweepRepository(db).setStatus(cancelled, 'CANCELLED');
    const only = await get('/sweeps?status=CANCELLED&limit=500');
    const found = only.body.items.map((s: { id: string }) => s.id);
    expect(found).toContain(cancelled);
    expect(found).not.toContain(queued);
    expect(only.body.items.every((s: { status: string }) => s.status === 'CANCELLED')).toBe(true);
    expect(only.body.total).toBe(only.body.items.length);

    // Other spec files add sweeps meanwhile, so only order-preserving facts are compared.
    const two = await get('/sweeps?limit=2');
    const [newest, next] = two.body.items as Array<{ id: string; createdAt: string }>;
    expect(two.body).toMatchObject({ offset: 0, limit: 2 });
    expect(newest!.id).not.toBe(next!.id);
    expect(newest!.createdAt >= next!.createdAt).toBe(true);
    const second = await get('/sweeps?limit=1&offset=1');
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0].createdAt <= newest!.createdAt).toBe(true);
    expect((await get(`/sweeps?offset=${two.body.total + 1000}`)).body.items).toEqual([]);
  });

  it('gives one sweep for concurrent POSTs with the same Idempotency-Key, and does not spend a key on an invalid spec', async () => {
    const key = `race-${randomUUID()}`;
    const invalid = await post(
      '/sweeps',
      { ...sweepSpec('bad'), grid: { strengths: [], thresholds: [0.1] } },
      { 'idempotency-key': key },
    );
    expect(invalid.status).toBe(400);
    expect(invalid.body.issues.map((i: { path: string }) => i.path)).toContain('grid.strengths');

    const answers = await Promise.all(
      [1, 2, 3].map(() => post('/sweeps', sweepSpec(key), { 'idempotency-key': key })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await db.sweep.count({ where: { name: key } })).toBe(1);
    expect(await db.run.count({ where: { sweepId: answers[0]!.body.id } })).toBe(1);

    // The same key with another spec is a client bug: 409, and neither sweep is lost silently.
    const reused = await post(
      '/sweeps',
      { ...sweepSpec(key), seed: 7 },
      { 'idempotency-key': key },
    );
    expect(reused.status).toBe(409);
    expect(reused.body.message).toContain(answers[0]!.body.id);
    expect(await db.sweep.count({ where: { name: key } })).toBe(1);
  });

  it('starts the workflow of a sweep whose first submit was written but not started, when the POST is retried', async () => {
    // The first POST wrote the sweep and then failed to reach Temporal (500 to the client).
    const key = `retry-${randomUUID()}`;
    const sweepId = randomUUID();
    await new SweepRepository(db).createWithRuns({
      id: sweepId,
      name: key,
      spec: storedSweepSpec(key),
      workflowId: sweepWorkflowId(sweepId),
      idempotencyKey: key,
      cells: [{ id: randomUUID(), cellIndex: 0, strength: 1e-8, threshold: 0.01 }],
    });
    await expect(workflowOf(sweepId).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);

    const retried = await post('/sweeps', sweepSpec(key), { 'idempotency-key': key });
    expect(retried.status).toBe(200);
    expect(retried.body.id).toBe(sweepId);
    expect((await workflowOf(sweepId).describe()).type).toBe('sweepWorkflow');
    expect(await db.sweep.count({ where: { name: key } })).toBe(1);
  });

  it('answers 400 with the field path for malformed ids, bodies and queries', async () => {
    for (const [p, body] of [
      ['/sweeps/not-a-uuid/cancel', undefined],
      ['/sweeps/not-a-uuid/resume', undefined],
    ] as const) {
      const res = await post(p, body);
      expect(res.status, p).toBe(400);
      expect(res.body.issues, p).toEqual([{ path: 'id', message: expect.any(String) }]);
    }
    const malformed = await post('/sweeps', '{"name": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({
      code: 'INVALID_INPUT',
      issues: [{ path: '', message: expect.any(String) }],
    });
    const notAnObject = await post('/sweeps', []);
    expect(notAnObject.status).toBe(400);
    expect(notAnObject.body.issues.length).toBeGreaterThan(0);
    expect((await get('/sweeps?offset=x')).body.issues).toEqual([
      { path: 'offset', message: expect.any(String) },
    ]);
  });

  it('answers 404 for an unknown sweep on every sweep endpoint', async () => {
    for (const res of [
      await get(`/sweeps/${UNKNOWN_ID}`),
      await get(`/sweeps/${UNKNOWN_ID}/runs`),
      await post(`/sweeps/${UNKNOWN_ID}/cancel`),
      await post(`/sweeps/${UNKNOWN_ID}/resume`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
  });

  it('refuses to resume or cancel a finished sweep with 409, writing and starting nothing', async () => {
    const { sweepId, runIds } = await seedSweep(db, 2, 'finished');
    const runs = new RunRepository(db);
    for (const [i, id] of runIds.entries()) {
      await runs.recordResult(id, {
        structure: { 'conv1/Conv2D': 2 + i },
        structureHash: `h${i}`,
        cost: 10 + i,
        accuracy: 0.6,
      });
    }
    await new SweepRepository(db).setStatus(sweepId, 'SUCCEEDED');
    const before = {
      sweep: await new SweepRepository(db).get(sweepId),
      runs: (await runs.listForSweep(sweepId)).items,
    };

    for (const action of ['resume', 'cancel']) {
      const res = await post(`/sweeps/${sweepId}/${action}`);
      expect(res.status, action).toBe(409);
      expect(res.body).toMatchObject({
        code: 'CONFLICT',
        message: expect.stringContaining(sweepId),
      });
    }
    expect({
      sweep: await new SweepRepository(db).get(sweepId),
      runs: (await runs.listForSweep(sweepId)).items,
    }).toEqual(before);
    await expect(workflowOf(sweepId).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });
});
