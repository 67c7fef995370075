import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sweepWorkflowId } from '@morphsweep/contracts';
import { createDb, RunRepository, SweepRepository, type Db } from '@morphsweep/db';
import { seedSweep } from '../test/fixtures';
import { serveApi } from '../test/serve-api';

// POST /api/sweeps/:id/resume accepts only sweeps with a resumable run (CANCELLED, or FAILED
// for an infrastructure reason): a sweep whose only failures collapsed has nothing the
// workflow would re-run, and must get a 409 that says so, with no workflow started.
const stack = inject('stack');

describe('POST /api/sweeps/:id/resume', () => {
  let app: INestApplication;
  let url: string;
  let db: Db;
  let connection: Connection;
  let client: Client;
  const started: string[] = [];

  beforeAll(async () => {
    ({ app, url } = await serveApi({ SWEEP_RECONCILE_INTERVAL_MS: '0' }));
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
    await connection?.close();
    await db?.$disconnect();
    await app?.close();
  });

  const resume = async (id: string) => {
    const res = await fetch(`${url}/api/sweeps/${id}/resume`, { method: 'POST' });
    return { status: res.status, body: (await res.json()) as { code: string; message: string } };
  };

  // A finished sweep: one run succeeded, the others ended FAILED with these codes.
  async function finishedSweep(failures: string[]): Promise<string> {
    const { sweepId, runIds } = await seedSweep(db, failures.length + 1, 'resume');
    const runs = new RunRepository(db);
    await runs.recordResult(runIds[0]!, {
      structure: { 'conv1/Conv2D': 3 },
      structureHash: 'h',
      cost: 10,
      accuracy: 0.6,
    });
    for (const [i, code] of failures.entries()) {
      await runs.setState(runIds[i + 1]!, { status: 'FAILED', errorCode: code, error: code });
    }
    await new SweepRepository(db).setStatus(sweepId, 'SUCCEEDED');
    return sweepId;
  }

  it('refuses a sweep whose only failures collapsed with a 409 saying why, starting nothing', async () => {
    const sweepId = await finishedSweep(['STRUCTURE_COLLAPSED', 'STRUCTURE_COLLAPSED']);
    const res = await resume(sweepId);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CONFLICT');
    expect(res.body.message).toContain(sweepId);
    expect(res.body.message).toMatch(/2 failed run\(s\) ended STRUCTURE_COLLAPSED/);
    await expect(
      client.workflow.getHandle(sweepWorkflowId(sweepId)).describe(),
    ).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });

  it('accepts a sweep with an infrastructure failure beside a collapsed one, and starts its workflow', async () => {
    const sweepId = await finishedSweep(['STRUCTURE_COLLAPSED', 'INFRASTRUCTURE']);
    started.push(sweepId);
    expect((await resume(sweepId)).status).toBe(202);
    const described = await client.workflow.getHandle(sweepWorkflowId(sweepId)).describe();
    expect(described.type).toBe('sweepWorkflow');
  });
});
