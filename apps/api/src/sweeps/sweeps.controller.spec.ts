import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, RunRepository, SweepRepository } from '@morphsweep/db';
import { loadApiConfig } from '../config/api.config';
import { createApp } from '../create-app';

// The sweep endpoints end to end: real Postgres (embedded), real Temporal dev server.
const stack = inject('stack');
const TOKEN = 'sweeps-spec-secret-token';

const spec = {
  name: 'api spec sweep',
  seedNetwork: 'fmnist-cnn',
  dataset: { kind: 'synthetic', subsetSize: 256 },
  morphnet: { family: 'gamma', resource: 'flops' },
  grid: { strengths: { logRange: [1e-9, 1e-7], count: 3 }, thresholds: [0.01, 0.1] },
  budget: {
    steps: 20,
    batchSize: 16,
    learningRate: 0.01,
    evalInterval: 10,
    checkpointInterval: 10,
  },
};

describe('sweeps, runs and zoo endpoints', () => {
  let app: INestApplication;
  let url: string;
  const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  const post = (body: unknown, headers: Record<string, string> = auth) =>
    fetch(`${url}/api/sweeps`, { method: 'POST', headers, body: JSON.stringify(body) });
  const getJson = async (p: string) => {
    const res = await fetch(`${url}${p}`);
    return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  beforeAll(async () => {
    const config = loadApiConfig({
      DATABASE_URL: stack.databaseUrl!,
      TEMPORAL_ADDRESS: stack.temporalAddress!,
      ARTIFACTS_URL: `file://${mkdtempSync(path.join(os.tmpdir(), 'api-'))}`,
      API_TOKEN: TOKEN,
    });
    app = await createApp(config, { logger: false });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });
  afterAll(async () => {
    await app.close();
  });

  it('lists the zoo with sizes and suggests a strength grid around 1/seed cost', async () => {
    const zoo = await getJson('/api/zoo');
    const cnn = zoo.body.find((n: { name: string }) => n.name === 'fmnist-cnn');
    expect(cnn.flops).toBeGreaterThan(0);
    expect(cnn.modelSize).toBeGreaterThan(0);
    const suggestion = await getJson('/api/zoo/fmnist-cnn/strength-grid?count=3');
    const [lo, hi] = suggestion.body.strengths.logRange as [number, number];
    expect(Math.sqrt(lo * hi)).toBeCloseTo(1 / cnn.flops, 12);
    expect((await getJson('/api/zoo/nope/strength-grid')).status).toBe(404);
  });

  it('rejects an invalid spec with every field at fault and writes nothing', async () => {
    // Looked up by a name of its own: other spec files add sweeps at the same time.
    const name = `invalid ${Date.now()}`;
    const res = await post({
      ...spec,
      name,
      seedNetwork: 'no-such-net',
      grid: { strengths: [-1], thresholds: [0.1] },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; issues: Array<{ path: string }> };
    expect(body.code).toBe('INVALID_INPUT');
    expect(body.issues.map((i) => i.path)).toContain('grid.strengths.0');
    const db = createDb(stack.databaseUrl!);
    try {
      expect(await db.sweep.count({ where: { name } })).toBe(0);
    } finally {
      await db.$disconnect();
    }
  });

  it('needs the token to submit, and then writes the sweep, its cells, and starts its workflow once', async () => {
    expect((await post(spec, { 'content-type': 'application/json' })).status).toBe(401);

    const key = `key-${Date.now()}`;
    const first = await post(spec, { ...auth, 'idempotency-key': key });
    expect(first.status).toBe(201);
    const sweep = (await first.json()) as {
      id: string;
      total: number;
      counts: Record<string, number>;
      workflowId: string;
    };
    expect(sweep.total).toBe(6);
    expect(sweep.counts.QUEUED).toBe(6);

    const again = await post(spec, { ...auth, 'idempotency-key': key });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: string }).id).toBe(sweep.id);

    const connection = await Connection.connect({ address: stack.temporalAddress! });
    const described = await new Client({ connection }).workflow
      .getHandle(sweep.workflowId)
      .describe();
    expect(described.type).toBe('sweepWorkflow');
    expect(described.taskQueue).toBe('morphnet-control');
    await connection.close();

    const detail = await getJson(`/api/sweeps/${sweep.id}`);
    expect(detail.body.seedCost).toBeGreaterThan(0);
    const runs = await getJson(`/api/sweeps/${sweep.id}/runs?limit=4&sortBy=cellIndex&order=desc`);
    expect(runs.body.total).toBe(6);
    expect(runs.body.items.map((r: { cellIndex: number }) => r.cellIndex)).toEqual([5, 4, 3, 2]);
    const run = await getJson(`/api/runs/${runs.body.items[0].id}`);
    expect(run.body).toMatchObject({
      sweepId: sweep.id,
      status: 'QUEUED',
      artifacts: [],
    });
    // The seed's widths, keyed like a learned structure (fmnist-cnn: conv 8 → 16 → 32).
    expect(Object.values(run.body.seedWidths)).toEqual([8, 16, 32]);
  });

  it('answers 404 for unknown ids, 400 for malformed ones and bad queries', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await getJson(`/api/sweeps/${unknown}`)).status).toBe(404);
    expect((await getJson(`/api/sweeps/${unknown}/runs`)).status).toBe(404);
    expect((await getJson(`/api/runs/${unknown}`)).status).toBe(404);
    expect((await getJson(`/api/retrainings/${unknown}`)).status).toBe(404);
    expect((await getJson('/api/sweeps/not-a-uuid')).status).toBe(400);
    const badQuery = await getJson('/api/sweeps?limit=0&status=DONE');
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'limit',
      'status',
    ]);
  });

  it('pages through sweeps and filters them by status', async () => {
    for (let i = 0; i < 2; i++)
      expect((await post({ ...spec, name: `page ${i}` })).status).toBe(201);
    const page = await getJson('/api/sweeps?limit=2&offset=1');
    expect(page.body.items).toHaveLength(2);
    expect(page.body.total).toBeGreaterThanOrEqual(3);
    const queued = await getJson('/api/sweeps?status=QUEUED&limit=500');
    expect(queued.body.items.every((s: { status: string }) => s.status === 'QUEUED')).toBe(true);
  });

  it('cancels and resumes through the sweep workflow, and refuses actions that do not fit the state', async () => {
    const sweep = (await (await post({ ...spec, name: 'actions' })).json()) as {
      id: string;
      workflowId: string;
    };
    const action = (p: string) => fetch(`${url}/api${p}`, { method: 'POST', headers: auth });
    const db = createDb(stack.databaseUrl!);
    try {
      expect((await action(`/sweeps/${sweep.id}/resume`)).status).toBe(409); // nothing failed yet
      const runs = await new RunRepository(db).listForSweep(sweep.id);
      await new RunRepository(db).setState(runs.items[0]!.id, { status: 'FAILED', error: 'boom' });
      expect((await action(`/sweeps/${sweep.id}/resume`)).status).toBe(202);
      expect((await action(`/sweeps/${sweep.id}/cancel`)).status).toBe(202);
      expect((await action(`/runs/${runs.items[1]!.id}/promote`)).status).toBe(409); // no structure yet

      const connection = await Connection.connect({ address: stack.temporalAddress! });
      const history = await new Client({ connection }).workflow
        .getHandle(sweep.workflowId)
        .fetchHistory();
      const signals = (history.events ?? [])
        .map((e) => e.workflowExecutionSignaledEventAttributes?.signalName)
        .filter(Boolean);
      expect(signals).toEqual(['resumeFailed', 'cancel']);
      await connection.close();

      await new SweepRepository(db).setStatus(sweep.id, 'CANCELLED');
      const again = await action(`/sweeps/${sweep.id}/cancel`);
      expect(again.status).toBe(409);
      expect(((await again.json()) as { code: string }).code).toBe('CONFLICT');
      expect((await action('/runs/00000000-0000-4000-8000-000000000000/promote')).status).toBe(404);
    } finally {
      await db.$disconnect();
    }
  });

  it('downloads a learned structure as MorphNet alive counts and as the slimmed network', async () => {
    const sweep = (await (await post({ ...spec, name: 'structure' })).json()) as { id: string };
    const db = createDb(stack.databaseUrl!);
    try {
      const run = (await new RunRepository(db).listForSweep(sweep.id)).items[0]!;
      expect((await fetch(`${url}/api/runs/${run.id}/structure`)).status).toBe(409);
      const structure = { 'conv3/Conv2D': 16, 'conv1/Conv2D': 4, 'conv2/Conv2D': 8 };
      await new RunRepository(db).recordResult(run.id, {
        structure,
        structureHash: 'h',
        cost: 1,
        accuracy: 0.5,
      });

      const morphnet = await fetch(`${url}/api/runs/${run.id}/structure`);
      expect(morphnet.headers.get('content-disposition')).toContain(`structure-${run.id}.json`);
      expect(await morphnet.text()).toBe(
        '{\n  "conv1/Conv2D": 4,\n  "conv2/Conv2D": 8,\n  "conv3/Conv2D": 16\n}\n',
      );

      const network = (await (
        await fetch(`${url}/api/runs/${run.id}/structure?format=network`)
      ).json()) as {
        format: string;
        layers: Array<{ name: string; filters?: number }>;
      };
      expect(network.format).toBe('morphsweep-network/v1');
      const filters = Object.fromEntries(
        network.layers.filter((l) => l.filters !== undefined).map((l) => [l.name, l.filters]),
      );
      expect(filters).toMatchObject({ conv1: 4, conv2: 8, conv3: 16 });
      expect((await fetch(`${url}/api/runs/${run.id}/structure?format=onnx`)).status).toBe(400);
    } finally {
      await db.$disconnect();
    }
  });
});
