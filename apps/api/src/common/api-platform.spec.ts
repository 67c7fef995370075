import 'reflect-metadata';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadApiConfig } from '../config/api.config';
import { createApp } from '../create-app';

// What every endpoint gets: ids, headers, limits, errors, docs and metrics.
const stack = inject('stack');

describe('API platform', () => {
  let app: INestApplication;
  let url: string;

  const dashboardDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-'));
  writeFileSync(path.join(dashboardDir, 'index.html'), '<!doctype html><title>MorphSweep</title>');

  beforeAll(async () => {
    const config = loadApiConfig({
      DASHBOARD_DIR: dashboardDir,
      DATABASE_URL: stack.databaseUrl!,
      TEMPORAL_ADDRESS: stack.temporalAddress!,
      ARTIFACTS_URL: `file://${mkdtempSync(path.join(os.tmpdir(), 'api-'))}`,
      API_BODY_LIMIT: '1kb',
    });
    app = await createApp(config, { logger: false });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });
  afterAll(async () => {
    await app.close();
  });

  it('assigns a request id, or keeps a well-formed one from the client', async () => {
    const assigned = await fetch(`${url}/api/health`);
    expect(assigned.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await fetch(`${url}/api/health`, { headers: { 'x-request-id': 'trace-123' } });
    expect(kept.headers.get('x-request-id')).toBe('trace-123');
  });

  it('sends security headers and no CORS headers by default', async () => {
    const res = await fetch(`${url}/api/health`, { headers: { origin: 'http://evil.example' } });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers an unknown route with a JSON error carrying the request id', async () => {
    const res = await fetch(`${url}/api/nope`, { headers: { 'x-request-id': 'r-404' } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      statusCode: 404,
      code: 'NOT_FOUND',
      requestId: 'r-404',
    });
  });

  it('refuses a body over the limit with 413', async () => {
    const res = await fetch(`${url}/api/health`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(4096) }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('refuses U+0000 in a JSON string or key with a 400 naming where (Postgres cannot store it)', async () => {
    for (const [body, path] of [
      [{ name: 'a\u0000b' }, 'name'],
      [{ dataset: { kind: 'registered', dataset: '\u0000' } }, 'dataset.dataset'],
      [{ seedNetwork: { ['k\u0000']: 1 } }, 'seedNetwork.k\u0000'],
    ] as const) {
      const res = await fetch(`${url}/api/sweeps`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { issues: unknown[] }).issues).toEqual([
        { path, message: 'must not contain U+0000' },
      ]);
    }
  });

  it('serves the dashboard at / and for its client-side routes, never over /api', async () => {
    for (const route of ['/', '/sweeps/123', '/runs/abc']) {
      const res = await fetch(`${url}${route}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<title>MorphSweep</title>');
    }
    expect((await fetch(`${url}/api/unknown`)).headers.get('content-type')).toContain(
      'application/json',
    );
    expect((await fetch(`${url}/missing.js`)).status).toBe(404);
  });

  it('publishes the OpenAPI document and its viewer', async () => {
    const doc = (await (await fetch(`${url}/api/openapi.json`)).json()) as {
      info: { title: string };
      paths: object;
    };
    expect(doc.info.title).toBe('MorphSweep API');
    expect(Object.keys(doc.paths)).toContain('/api/health');
    const viewer = await fetch(`${url}/api/docs`);
    expect(viewer.status).toBe(200);
    expect(await viewer.text()).toContain('swagger');
  });

  it('exposes Prometheus metrics for requests and run states', async () => {
    await fetch(`${url}/api/health`);
    const res = await fetch(`${url}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(
      /morphsweep_http_requests_total\{method="GET",route="\/api\/health",status="200"\} \d+/,
    );
    expect(text).toContain('# TYPE morphsweep_runs gauge');
    expect(text).toContain('morphsweep_api_process_cpu_seconds_total');
  });
});
