import { readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startPostgresServer, type PostgresServer } from '@morphsweep/devstack';
import { root, run } from './support';

// The images' own Node scripts, run as the images run them (node <script>, from the checkout's
// root, dependencies resolved from its node_modules) against real servers.
const script = (name: string) => path.join(root, 'infra', 'docker', name);

/** Runs a script asynchronously (the test's own HTTP server must keep answering meanwhile). */
function runAsync(
  file: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], { cwd: root, env });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('migrate.mjs against a real PostgreSQL', () => {
  let pg: PostgresServer;
  beforeAll(async () => {
    pg = await startPostgresServer(await freePort());
  });
  afterAll(async () => {
    await pg?.stop();
  });

  it('applies every migration once, then none', () => {
    const migrations = readdirSync(path.join(root, 'prisma', 'migrations'), {
      withFileTypes: true,
    }).filter((e) => e.isDirectory()).length;
    const env = { ...process.env, DATABASE_URL: pg.url };
    const first = run(process.execPath, [script('migrate.mjs')], { env });
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(new RegExp(`^migrate: applied ${migrations} migration\\(s\\): `));
    expect(first.code).toBe(0);
    const again = run(process.execPath, [script('migrate.mjs')], { env });
    expect(again.stdout.trim()).toBe(
      `migrate: applied 0 migration(s); ${migrations} already applied`,
    );
    expect(again.code).toBe(0);
  });

  it('names DATABASE_URL when it is missing or not a postgresql:// URL', () => {
    for (const url of [undefined, 'mysql://x/y']) {
      const env = { ...process.env, DATABASE_URL: url };
      if (url === undefined) delete env.DATABASE_URL;
      const ran = run(process.execPath, [script('migrate.mjs')], { env });
      expect(ran.code).toBe(1);
      expect(ran.stderr.trim()).toBe('migrate: DATABASE_URL must be set to a postgresql:// URL');
    }
  });
});

describe('api-healthcheck.mjs', () => {
  let server: Server;
  let status = 200;
  beforeAll(async () => {
    server = createServer((req, res) => {
      res.statusCode = req.url === '/api/health' ? status : 404;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  it('is healthy on 200 from /api/health and unhealthy on 503, saying so', async () => {
    const env = { ...process.env, API_PORT: String((server.address() as AddressInfo).port) };
    status = 200;
    expect((await runAsync(script('api-healthcheck.mjs'), env)).code).toBe(0);
    status = 503;
    const down = await runAsync(script('api-healthcheck.mjs'), env);
    expect(down.code).toBe(1);
    expect(down.out).toContain('unhealthy: /api/health answered 503');
  });

  it('is unhealthy when nothing listens', async () => {
    const down = await runAsync(script('api-healthcheck.mjs'), {
      ...process.env,
      API_PORT: String(await freePort()),
    });
    expect(down.code).toBe(1);
    expect(down.out).toMatch(/^unhealthy: /);
  });
});
