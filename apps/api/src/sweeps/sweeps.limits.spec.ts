import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SUBMISSION_LIMITS } from '@morphsweep/contracts';
import { zooNetwork } from '@morphsweep/morphnet';
import { serveApi } from '../test/serve-api';
import { sweepSpec } from '../test/fixtures';

// Issue 13 items 1 and 2: what a submission may ask for is bounded, each bound a 400 that names
// the limit and the value, and malformed input is a 400, never a 500. Nothing is written.

type Issue = { path: string; message: string };

// JSON.stringify recurses, so a test body nested 20,000 deep is spliced in as text.
const nested = (depth: number, leaf: string) => '['.repeat(depth) + leaf + ']'.repeat(depth);
const withRaw = (body: object, placeholder: string, raw: string) =>
  JSON.stringify(body).replace(`"${placeholder}"`, raw);

describe('POST /api/sweeps: limits and malformed input', () => {
  let served: { app: INestApplication; url: string };
  let small: { app: INestApplication; url: string };

  beforeAll(async () => {
    served = await serveApi();
    small = await serveApi({ API_MAX_LAYERS: '3', API_MAX_SUBSET_SIZE: '100' });
  });
  afterAll(async () => {
    await served.app.close();
    await small.app.close();
  });

  const post = async (
    body: unknown,
    headers: Record<string, string> = {},
    url = served.url,
  ): Promise<{ status: number; body: { code?: string; issues?: Issue[]; id?: string } }> => {
    const res = await fetch(`${url}/api/sweeps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as never };
  };
  const listed = async (name: string) => {
    const res = await fetch(`${served.url}/api/sweeps?limit=500`);
    const page = (await res.json()) as { items: Array<{ name: string }> };
    return page.items.filter((s) => s.name === name).length;
  };
  const withFilters = (filters: number) => {
    const net = structuredClone(zooNetwork('fmnist-cnn'));
    (net.layers.find((l) => l.op === 'conv2d') as { filters: number }).filters = filters;
    return net;
  };

  it('refuses a conv of 10^9 filters with the parameter limit and count, writing nothing', async () => {
    const name = `oversized ${Date.now()}`;
    const res = await post({ ...sweepSpec(name), seedNetwork: withFilters(1_000_000_000) });
    expect(res.status).toBe(400);
    // Its activations are over their limit too; each limit is named with its value.
    expect(res.body.issues).toContainEqual({
      path: 'seedNetwork',
      message: expect.stringMatching(
        new RegExp(
          `^the network has \\d{10,} trainable parameters; the limit is ${DEFAULT_SUBMISSION_LIMITS.maxParameters}$`,
        ),
      ),
    });
    expect(await listed(name)).toBe(0);
  });

  it('refuses subsetSize 10M and reads its limits from the environment', async () => {
    const huge = { ...sweepSpec('huge subset'), dataset: { kind: 'synthetic', subsetSize: 1e7 } };
    expect((await post(huge)).body.issues).toEqual([
      {
        path: 'dataset.subsetSize',
        message: `subsetSize 10000000 is over the limit of ${DEFAULT_SUBMISSION_LIMITS.maxSubsetSize} examples`,
      },
    ]);
    const layers = zooNetwork('fmnist-cnn').layers.length;
    const res = await post(sweepSpec('small limits'), {}, small.url);
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([
      { path: 'dataset.subsetSize', message: 'subsetSize 256 is over the limit of 100 examples' },
      { path: 'seedNetwork', message: `the network has ${layers} layers; the limit is 3` },
    ]);
  });

  it('refuses a body nested 20,000 deep (a kernel array) with the depth limit, not a 500', async () => {
    const net = structuredClone(zooNetwork('fmnist-cnn')) as unknown as {
      layers: Array<Record<string, unknown>>;
    };
    net.layers[0]!['kernel'] = 'KERNEL';
    const res = await post(
      withRaw({ ...sweepSpec('deep'), seedNetwork: net }, 'KERNEL', nested(20_001, '1')),
    );
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([
      {
        path: '',
        message: `the JSON body nests 20005 levels deep; the limit is ${DEFAULT_SUBMISSION_LIMITS.maxJsonDepth} (API_MAX_JSON_DEPTH)`,
      },
    ]);
  });

  it('refuses latency hardware named after an Object.prototype key (was 201 with a NaN seed cost)', async () => {
    for (const hardware of ['constructor', '__proto__', 'toString']) {
      const res = await post({
        ...sweepSpec(`hw ${hardware}`),
        morphnet: { family: 'gamma', resource: 'latency', hardware },
      });
      expect(res.status).toBe(400);
      expect(res.body.issues).toEqual([
        { path: 'morphnet.hardware', message: expect.stringContaining('unknown hardware') },
      ]);
    }
  });

  it('stores the parsed seed network: unknown keys, even one nested 4,200 deep, are dropped', async () => {
    const junk = '{"junk":'.repeat(4_200) + '1' + '}'.repeat(4_200);
    const seed = { ...zooNetwork('fmnist-cnn'), junk: 'JUNK' };
    const depthLimited = await post(
      withRaw({ ...sweepSpec('junk'), seedNetwork: seed }, 'JUNK', junk),
    );
    expect(depthLimited.status).toBe(400);

    const seedNetwork = { ...zooNetwork('fmnist-cnn'), junk: { a: [1, 2] } };
    (seedNetwork.layers[0] as Record<string, unknown>)['alsoJunk'] = 'x';
    const res = await post({ ...sweepSpec(`junk ${Date.now()}`), seedNetwork });
    expect(res.status).toBe(201);
    const stored = (await (await fetch(`${served.url}/api/sweeps/${res.body.id}`)).json()) as {
      spec: { seedNetwork: unknown };
      seedCost: number;
    };
    expect(stored.spec.seedNetwork).toEqual(zooNetwork('fmnist-cnn'));
    expect(stored.seedCost).toBeGreaterThan(0);
    await fetch(`${served.url}/api/sweeps/${res.body.id}/cancel`, { method: 'POST' });
  });

  it('refuses an Idempotency-Key over 255 characters or outside visible ASCII, writing nothing', async () => {
    const name = `bad key ${Date.now()}`;
    for (const key of ['k'.repeat(2_800), 'k'.repeat(256), 'has space', 'tab\there']) {
      const res = await post(sweepSpec(name), { 'idempotency-key': key });
      expect(res.status).toBe(400);
      expect(res.body.issues).toEqual([
        { path: 'idempotency-key', message: expect.stringMatching(/Idempotency-Key must/) },
      ]);
    }
    expect(await listed(name)).toBe(0);
    const ok = await post(sweepSpec(name), { 'idempotency-key': `k${'~'.repeat(254)}` });
    expect(ok.status).toBe(201);
    await fetch(`${served.url}/api/sweeps/${ok.body.id}/cancel`, { method: 'POST' });
  });
});
