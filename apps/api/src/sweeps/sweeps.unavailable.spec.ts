import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, RunRepository, SweepRepository, type Db } from '@morphsweep/db';
import { seedSweep, sweepSpec } from '../test/fixtures';
import { serveApi } from '../test/serve-api';

// Issue 13 item 5: with Temporal unreachable, submit, cancel and resume are 503s (not a
// generic 500), a submitted sweep stays written for a retry with the same Idempotency-Key, and
// a sweep whose workflow never started can still be cancelled.
const stack = inject('stack');

describe('sweeps when Temporal is down, and orphan sweeps', () => {
  let down: { app: INestApplication; url: string };
  let up: { app: INestApplication; url: string };
  let db: Db;

  beforeAll(async () => {
    // Nothing listens on port 1; the short deadline keeps each refusal to about a second.
    down = await serveApi({ TEMPORAL_ADDRESS: '127.0.0.1:1', TEMPORAL_RPC_TIMEOUT_MS: '1000' });
    up = await serveApi();
    db = createDb(stack.databaseUrl!, { maxConnections: 1 });
  });
  afterAll(async () => {
    await down.app.close();
    await up.app.close();
    await db.$disconnect();
  });

  const post = async (url: string, path: string, body?: unknown, headers = {}) => {
    const res = await fetch(`${url}/api${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('answers a submit Temporal cannot take with 503, and the same key later starts that sweep', async () => {
    const name = `temporal down ${Date.now()}`;
    const key = `down-${Date.now()}`;
    const refused = await post(down.url, '/sweeps', sweepSpec(name), { 'idempotency-key': key });
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ code: 'UNAVAILABLE' });
    expect(refused.body['message']).toMatch(/Temporal could not start the sweep workflow/);
    expect(refused.body['message']).toMatch(/same Idempotency-Key/);
    const stored = await new SweepRepository(db).findByIdempotencyKey(key);
    expect(stored?.status).toBe('QUEUED');

    const retried = await post(up.url, '/sweeps', sweepSpec(name), { 'idempotency-key': key });
    expect(retried.status).toBe(200);
    expect(retried.body['id']).toBe(stored!.id);
    expect((await post(up.url, `/sweeps/${stored!.id}/cancel`)).status).toBe(202);
  });

  it('answers cancel and resume with 503 while Temporal is down, changing nothing', async () => {
    const { sweepId, runIds } = await seedSweep(db, 2, 'down actions');
    await new RunRepository(db).setState(runIds[0]!, { status: 'FAILED', error: 'boom' });
    for (const action of ['cancel', 'resume']) {
      const res = await post(down.url, `/sweeps/${sweepId}/${action}`);
      expect(res.status, action).toBe(503);
      expect(res.body).toMatchObject({ code: 'UNAVAILABLE' });
    }
    expect((await new SweepRepository(db).get(sweepId)).status).toBe('QUEUED');
  });

  it('cancels a sweep whose workflow never started by marking it and its queued cells CANCELLED', async () => {
    const { sweepId } = await seedSweep(db, 3, 'orphan');
    const res = await post(up.url, `/sweeps/${sweepId}/cancel`);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ id: sweepId, status: 'CANCELLED' });
    expect(await new SweepRepository(db).countRunsByStatus(sweepId)).toMatchObject({
      QUEUED: 0,
      CANCELLED: 3,
    });
    expect((await post(up.url, `/sweeps/${sweepId}/cancel`)).status).toBe(409);
  });
});
