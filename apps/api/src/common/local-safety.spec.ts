import 'reflect-metadata';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApiConfig } from '../config/api.config';
import { serveApi } from '../test/serve-api';
import { hostOfHeader, isLoopbackHost } from './loopback-host';

// Issue 13 item 13: with no API_TOKEN (the default of `morphsweep up`) a web page could drive
// the API through DNS rebinding, and nothing stopped it listening on every interface.

/** A GET with a chosen Host header (fetch would send the URL's). */
function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('loopback names', () => {
  it('knows which hosts mean this machine', () => {
    for (const host of [
      'localhost',
      'LOCALHOST.',
      'app.localhost',
      '127.0.0.1',
      '127.1.2.3',
      '::1',
      '[::1]',
      '::ffff:127.0.0.1',
    ])
      expect(isLoopbackHost(host), host).toBe(true);
    for (const host of [
      '0.0.0.0',
      '::',
      '192.168.1.10',
      'evil.example',
      'localhost.evil.example',
      '10.0.0.1',
      '',
    ])
      expect(isLoopbackHost(host), host).toBe(false);
  });

  it('reads the host name of a Host header', () => {
    expect(hostOfHeader('localhost:3000')).toBe('localhost');
    expect(hostOfHeader('[::1]:3000')).toBe('::1');
    expect(hostOfHeader('127.0.0.1')).toBe('127.0.0.1');
    expect(hostOfHeader('evil.example:80')).toBe('evil.example');
    expect(hostOfHeader(undefined)).toBeUndefined();
    expect(hostOfHeader('127.0.0.1@evil.example')).toBeUndefined();
    expect(hostOfHeader('localhost/x')).toBeUndefined();
  });
});

describe('the API without API_TOKEN', () => {
  let open: { app: INestApplication; url: string };
  let guarded: { app: INestApplication; url: string };
  const dashboardDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-'));
  writeFileSync(path.join(dashboardDir, 'index.html'), '<!doctype html><title>MorphSweep</title>');

  beforeAll(async () => {
    open = await serveApi({ DASHBOARD_DIR: dashboardDir });
    guarded = await serveApi({ API_TOKEN: 'local-safety-spec-token' });
  });
  afterAll(async () => {
    await open.app.close();
    await guarded.app.close();
  });

  it('refuses a request addressed to another name (DNS rebinding) with 403, on every route', async () => {
    for (const route of ['/api/health', '/api/sweeps', '/metrics', '/']) {
      const res = await getWithHost(`${open.url}${route}`, 'rebound.evil.example:3000');
      expect(res.status, route).toBe(403);
      expect(JSON.parse(res.body)).toMatchObject({
        statusCode: 403,
        code: 'FORBIDDEN',
        message: expect.stringMatching(/not a loopback name.*API_TOKEN/),
      });
    }
    for (const host of ['localhost:3000', '127.0.0.1', '[::1]:3000']) {
      expect((await getWithHost(`${open.url}/api/zoo`, host)).status, host).toBe(200);
    }
  });

  it('serves any Host name once API_TOKEN is set (the token guards mutations)', async () => {
    expect((await getWithHost(`${guarded.url}/api/zoo`, 'api.example.org')).status).toBe(200);
  });

  it('refuses to start on a non-loopback API_HOST without API_TOKEN', () => {
    const env = { DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/db' };
    for (const API_HOST of ['0.0.0.0', '::', '192.168.1.10', 'myhost.lan'])
      expect(() => loadApiConfig({ ...env, API_HOST }), API_HOST).toThrow(
        /API_HOST: is not a loopback address: without API_TOKEN/,
      );
    expect(loadApiConfig({ ...env, API_HOST: '127.0.0.1' }).API_HOST).toBe('127.0.0.1');
    expect(loadApiConfig({ ...env, API_HOST: 'localhost' }).API_HOST).toBe('localhost');
    const token = { API_TOKEN: 'a-token-of-16-chars!' };
    expect(loadApiConfig({ ...env, ...token, API_HOST: '0.0.0.0' }).API_HOST).toBe('0.0.0.0');
  });

  it('sends a content security policy with the dashboard', async () => {
    const res = await fetch(`${open.url}/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
  });
});
