import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QualityApi } from './api-client';

// A real HTTP server: the first two promotions answer 503 (a busy sweep workflow), then 202.
let calls = 0;
const server = createServer((req, res) => {
  calls += 1;
  if (req.url === '/api/runs/r1/promote' && calls <= 2) {
    res.writeHead(503, { 'content-type': 'application/json' }).end('{"code":"UNAVAILABLE"}');
    return;
  }
  if (req.url === '/api/runs/r1/promote') {
    res.writeHead(202, { 'content-type': 'application/json' }).end('{"created":true}');
    return;
  }
  res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"no such run"}');
});
let url = '';
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('QualityApi', () => {
  it('retries a 503 and returns the answer that follows', async () => {
    calls = 0;
    await expect(new QualityApi(url, 3, 1).promote('r1')).resolves.toEqual({ created: true });
    expect(calls).toBe(3);
  });

  it('gives up on 503 after its retries, naming the route and status', async () => {
    calls = 0;
    await expect(new QualityApi(url, 2, 1).promote('r1')).rejects.toThrow(
      'POST /api/runs/r1/promote answered 503',
    );
  });

  it('never retries other errors', async () => {
    calls = 0;
    await expect(new QualityApi(url, 5, 1).promote('r2')).rejects.toThrow(
      /answered 404: .*no such run/,
    );
    expect(calls).toBe(1);
  });
});
