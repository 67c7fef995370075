import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { createDb, SweepRepository } from '@morphsweep/db';
import { isAlive, portsEnv, runUp } from '../support/run-up';
import { sweepWorkflowId } from '@morphsweep/contracts';

type Health = { status: string; dependencies: Record<string, { status: string }> };

async function health(url: string): Promise<{ code: number; body: Health }> {
  const res = await fetch(`${url}/api/health`);
  return { code: res.status, body: (await res.json()) as Health };
}

async function expectAllUp(url: string) {
  const { code, body } = await health(url);
  expect(code).toBe(200);
  expect(
    Object.fromEntries(Object.entries(body.dependencies).map(([k, v]) => [k, v.status])),
  ).toEqual({
    temporal: 'up',
    database: 'up',
    artifacts: 'up',
  });
}

describe('morphsweep up (what npm start runs)', () => {
  it('starts the embedded stack, stops every child on Ctrl-C, and finds the same data again', async () => {
    const env = {
      MORPHSWEEP_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'up-')),
      ...(await portsEnv()),
    };
    const first = await runUp(env);
    await expectAllUp(first.url);
    const children = first.descendants();
    expect(children.length).toBeGreaterThanOrEqual(3); // Temporal, the API and the worker at least
    await expect
      .poll(() => first.output(), { timeout: 60_000 })
      .toMatch(/serving morphnet-control, morphnet-train-gpu, morphnet-train-cpu/);

    const sweepId = randomUUID();
    const dbUrl = `postgresql://postgres:postgres@127.0.0.1:${env.POSTGRES_PORT}/postgres?sslmode=disable`;
    const db = createDb(dbUrl);
    await new SweepRepository(db).createWithRuns({
      id: sweepId,
      name: 'kept',
      spec: {},
      workflowId: sweepWorkflowId(sweepId),
      cells: [],
    });
    await db.$disconnect();

    expect(await first.interrupt()).toBe(0);
    expect(children.filter(isAlive)).toEqual([]);

    const second = await runUp(env);
    try {
      await expectAllUp(second.url);
      const again = createDb(dbUrl);
      expect((await new SweepRepository(again).get(sweepId)).name).toBe('kept');
      await again.$disconnect();
    } finally {
      expect(await second.interrupt()).toBe(0);
    }
  });

  it('works against a real PostgreSQL and a real S3 server', async () => {
    const stack = inject('stack');
    const env = {
      MORPHSWEEP_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'up-')),
      ...(await portsEnv()),
      DATABASE_URL: stack.databaseUrl!,
      ARTIFACTS_URL: `s3://${stack.s3!.bucket}/up-e2e`,
      S3_ENDPOINT: stack.s3!.endpoint,
      AWS_ACCESS_KEY_ID: stack.s3!.accessKeyId,
      AWS_SECRET_ACCESS_KEY: stack.s3!.secretAccessKey,
    };
    const up = await runUp(env);
    try {
      await expectAllUp(up.url);
      expect(up.output()).toContain('database: using DATABASE_URL');
      expect(up.output()).toContain(`artifacts: s3://${stack.s3!.bucket}/up-e2e`);
    } finally {
      expect(await up.interrupt()).toBe(0);
    }
  });

  it('refuses a taken port with a message naming the variable to change', async () => {
    const env = {
      MORPHSWEEP_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'up-')),
      ...(await portsEnv()),
    };
    const blocker = net.createServer().listen(Number(env.API_PORT), '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    try {
      await expect(runUp(env)).rejects.toThrow(
        new RegExp(`port ${env.API_PORT} for the API is already in use.*API_PORT`),
      );
    } finally {
      blocker.close();
    }
  });
});
