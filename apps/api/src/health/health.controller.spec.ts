import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { loadApiConfig } from '../config/api.config';
import type { HealthReport } from './health.service';
import { createApp } from '../create-app';

const stack = inject('stack');

async function serve(env: Record<string, string>): Promise<{ app: INestApplication; url: string }> {
  const app = await createApp(loadApiConfig({ API_PORT: '0', ...env }), { logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}

describe('GET /api/health', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  const healthyEnv = () => ({
    DATABASE_URL: stack.databaseUrl!,
    TEMPORAL_ADDRESS: stack.temporalAddress!,
    ARTIFACTS_URL: `file://${mkdtempSync(path.join(os.tmpdir(), 'api-artifacts-'))}`,
  });

  it('reports every dependency up with 200', async () => {
    const served = await serve(healthyEnv());
    app = served.app;
    const res = await fetch(`${served.url}/api/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as HealthReport;
    expect(body.status).toBe('ok');
    for (const dep of ['temporal', 'database', 'artifacts'] as const) {
      expect(body.dependencies[dep]).toMatchObject({ status: 'up' });
    }
    expect(body.training.backend).toMatch(/^(node-gpu|node|wasm)$/);
    expect(body.training.devices.length).toBeGreaterThan(0);
  });

  it('names the dependency that is down, with 503', async () => {
    const served = await serve({
      ...healthyEnv(),
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:9/none',
    });
    app = served.app;
    const res = await fetch(`${served.url}/api/health`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as HealthReport;
    expect(body.status).toBe('degraded');
    expect(body.dependencies.database.status).toBe('down');
    expect(body.dependencies.database.error).toEqual(expect.any(String));
    expect(body.dependencies.temporal.status).toBe('up');
  });
});

describe('loadApiConfig', () => {
  it('refuses to start without a database and lists every bad variable', () => {
    expect(() => loadApiConfig({ API_PORT: 'many' })).toThrow(
      /API_PORT[\s\S]*DATABASE_URL is required/,
    );
  });
});
