import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { METHODS } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, RunRepository, SweepRepository, type Db } from '@morphsweep/db';
import { sweepSpec as spec, storedSweepSpec } from '../test/fixtures';
import { serveApi } from '../test/serve-api';
import { sweepWorkflowId } from '@morphsweep/contracts';

// Auth on and off for every endpoint, end to end. The endpoints are read from the running
// app's router, so one added later is covered without touching this file.
const stack = inject('stack');
const TOKEN = 'routes-spec-secret-token';
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

interface Route {
  method: string;
  path: string;
}

/**
 * Every method + path the Express router serves (Nest controllers, docs, metrics), and the
 * paths of routes that answer every method (`app.all`): Nest mounts middleware bound to a
 * path that way — the request metrics on `/api` — so those are not endpoints.
 */
function routesOf(app: INestApplication): { routes: Route[]; allMethodMounts: string[] } {
  type Layer = { route?: { path: string; methods: Record<string, boolean> } };
  const router = (app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } }).router;
  const layers = router.stack.flatMap(({ route }) =>
    route ? [{ path: route.path, methods: Object.keys(route.methods) }] : [],
  );
  const isMount = (methods: string[]) => methods.length >= METHODS.length;
  return {
    routes: layers
      .filter((l) => !isMount(l.methods))
      .flatMap((l) => l.methods.map((m) => ({ method: m.toUpperCase(), path: l.path }))),
    allMethodMounts: layers.filter((l) => isMount(l.methods)).map((l) => l.path),
  };
}

/** Sends one request and returns its status; a streaming answer (SSE) is cut after the headers. */
async function statusOf(
  url: string,
  method: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<number> {
  const controller = new AbortController();
  const res = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: controller.signal,
  });
  controller.abort();
  return res.status;
}

describe('API_TOKEN on every endpoint', () => {
  let secured: { app: INestApplication; url: string };
  let open: { app: INestApplication; url: string };
  let routes: Route[];
  let db: Db;
  let temporal: Connection;

  beforeAll(async () => {
    [secured, open] = await Promise.all([serveApi({ API_TOKEN: TOKEN }), serveApi()]);
    const found = routesOf(secured.app);
    routes = found.routes;
    // An @All() endpoint would hide here: any mount beyond the known one must be looked at.
    expect(found.allMethodMounts).toEqual(['/api']);
    db = createDb(stack.databaseUrl!);
    temporal = await Connection.connect({ address: stack.temporalAddress! });
  });
  afterAll(async () => {
    await temporal?.close();
    await db?.$disconnect();
    await Promise.all([secured?.app.close(), open?.app.close()]);
  });

  const mutating = () => routes.filter((r) => MUTATING.has(r.method));
  const reads = () => routes.filter((r) => r.method === 'GET');
  const fill = (p: string, ids: { sweep?: string; run?: string } = {}) =>
    p
      .replace(/^\/api\/sweeps\/:id/, `/api/sweeps/${ids.sweep ?? UNKNOWN_ID}`)
      .replace(/^\/api\/runs\/:id/, `/api/runs/${ids.run ?? UNKNOWN_ID}`)
      .replace(/:name\b/g, 'no-such-network')
      .replace(/:[A-Za-z]+/g, UNKNOWN_ID);

  it('finds the mutating endpoints, and the OpenAPI document marks each as needing the bearer token', async () => {
    const found = mutating().map((r) => `${r.method} ${r.path}`);
    // A floor, not the list: the point is that the loop below sees whatever exists.
    expect(found).toEqual(
      expect.arrayContaining([
        'POST /api/sweeps',
        'POST /api/sweeps/:id/cancel',
        'POST /api/sweeps/:id/resume',
        'POST /api/runs/:id/promote',
      ]),
    );
    const doc = (await (await fetch(`${secured.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { security?: Array<Record<string, unknown>> }>>;
    };
    for (const route of mutating()) {
      const operation =
        doc.paths[route.path.replace(/:([A-Za-z]+)/g, '{$1}')]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.path} is in the OpenAPI document`).toBeDefined();
      expect(
        operation?.security,
        `${route.method} ${route.path} is documented as needing the bearer token`,
      ).toEqual([{ bearer: [] }]);
    }
  });

  it('refuses every mutating request without the right bearer token, and writes and starts nothing', async () => {
    // Real targets, so a request let through would leave a trace: a failed sweep to resume or
    // cancel, a succeeded run with a structure to promote, a valid spec to submit.
    const sweepId = randomUUID();
    const [runId, failedId] = [randomUUID(), randomUUID()];
    const sweeps = new SweepRepository(db);
    const runs = new RunRepository(db);
    await sweeps.createWithRuns({
      id: sweepId,
      name: 'auth target',
      spec: storedSweepSpec('auth target'),
      workflowId: sweepWorkflowId(sweepId),
      cells: [
        { id: runId, cellIndex: 0, strength: 1e-8, threshold: 0.01 },
        { id: failedId, cellIndex: 1, strength: 1e-8, threshold: 0.1 },
      ],
    });
    await runs.recordResult(runId, {
      structure: { 'conv1/Conv2D': 4 },
      structureHash: 'h',
      cost: 1,
      accuracy: 0.5,
    });
    await runs.setState(failedId, { status: 'FAILED', error: 'boom' });
    await sweeps.setStatus(sweepId, 'FAILED');
    const snapshot = async () => ({
      sweep: await sweeps.get(sweepId),
      runs: (await runs.listForSweep(sweepId)).items,
      retrainings: await db.retraining.count({ where: { sweepId } }),
    });
    const before = await snapshot();
    const name = `auth-${randomUUID()}`;

    const refusals: Array<Record<string, string>> = [
      {},
      { authorization: 'Bearer not-the-right-token-at-all' },
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: TOKEN }, // the token without the scheme
      { authorization: `Basic ${Buffer.from(`user:${TOKEN}`).toString('base64')}` },
    ];
    for (const route of mutating()) {
      for (const headers of refusals) {
        const res = await fetch(
          `${secured.url}${fill(route.path, { sweep: sweepId, run: runId })}`,
          {
            method: route.method,
            headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': name },
            body: JSON.stringify(spec(name)),
          },
        );
        expect(res.status, `${route.method} ${route.path} with ${JSON.stringify(headers)}`).toBe(
          401,
        );
        expect(((await res.json()) as { code: string }).code).toBe('UNAUTHORIZED');
      }
    }

    expect(await snapshot()).toEqual(before);
    expect(await db.sweep.count({ where: { OR: [{ name }, { idempotencyKey: name }] } })).toBe(0);
    const handle = new Client({ connection: temporal }).workflow.getHandle(
      sweepWorkflowId(sweepId),
    );
    await expect(handle.describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });

  it('lets the right bearer token through to every mutating handler', async () => {
    for (const route of mutating()) {
      // Unknown ids and an empty body: the handler answers (404, 400) without starting anything.
      const status = await statusOf(
        `${secured.url}${fill(route.path)}`,
        route.method,
        { authorization: `Bearer ${TOKEN}` },
        {},
      );
      expect(status, `${route.method} ${route.path}`).not.toBe(401);
      expect(status, `${route.method} ${route.path}`).toBeLessThan(500);
    }
  });

  it('keeps every read open without a token', async () => {
    expect(reads().map((r) => r.path)).toEqual(
      expect.arrayContaining(['/api/sweeps', '/api/events', '/metrics']),
    );
    for (const route of reads()) {
      const status = await statusOf(`${secured.url}${fill(route.path)}`, 'GET');
      expect(status, `GET ${route.path}`).not.toBe(401);
      expect(status, `GET ${route.path}`).toBeLessThan(500);
    }
  });

  it('with API_TOKEN unset, reaches every endpoint without a header', async () => {
    const openRoutes = routesOf(open.app).routes;
    expect(openRoutes).toEqual(routes);
    for (const route of openRoutes) {
      const body = MUTATING.has(route.method) ? {} : undefined;
      const status = await statusOf(`${open.url}${fill(route.path)}`, route.method, {}, body);
      expect(status, `${route.method} ${route.path}`).not.toBe(401);
      expect(status, `${route.method} ${route.path}`).toBeLessThan(500);
    }
  });
});
