import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SUBMISSION_LIMITS } from '@morphsweep/contracts';
import { zooNetwork } from '@morphsweep/morphnet';
import { activationBytesPerExample } from '@morphsweep/sweeps';
import { serveApi } from '../test/serve-api';

// Issue 13 items 1 and 2 on /api/networks/inspect: the submission limits apply, and a network
// that cannot be a seed (no cost, values nested absurdly deep) is a 400, never a 500.

describe('POST /api/networks/inspect: limits and malformed networks', () => {
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    const perExample = activationBytesPerExample(zooNetwork('fmnist-cnn'));
    ({ app, url } = await serveApi({ API_MAX_ACTIVATION_BYTES: String(perExample * 10) }));
  });
  afterAll(async () => {
    await app.close();
  });

  const inspect = async (body: unknown) => {
    const res = await fetch(`${url}/api/networks/inspect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { issues?: unknown } };
  };

  it('names the parameter limit and count of a conv with 10^9 filters', async () => {
    const network = structuredClone(zooNetwork('fmnist-cnn'));
    (network.layers.find((l) => l.op === 'conv2d') as { filters: number }).filters = 1e9;
    const res = await inspect({ network });
    expect(res.status).toBe(400);
    expect(res.body.issues).toContainEqual({
      path: 'network',
      message: expect.stringMatching(
        `trainable parameters; the limit is ${DEFAULT_SUBMISSION_LIMITS.maxParameters}$`,
      ),
    });
  });

  it('checks activation bytes at the batch size given', async () => {
    const network = zooNetwork('fmnist-cnn');
    expect((await inspect({ network, batchSize: 10 })).status).toBe(200);
    const res = await inspect({ network, batchSize: 11 });
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([
      { path: 'network', message: expect.stringMatching(/× batch size 11\); the limit is/) },
    ]);
  });

  it('answers a network that costs nothing with a 400 on network', async () => {
    const res = await inspect({
      network: {
        format: 'morphsweep-network/v1',
        name: 'free',
        inputs: [{ name: 'x', shape: [4, 4, 1] }],
        layers: [{ name: 'flat', op: 'flatten', inputs: ['x'] }],
        outputs: ['flat'],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([
      { path: 'network', message: expect.stringMatching(/costs 0 in flops/) },
    ]);
  });

  it('answers a kernel nested 20,000 deep with a 400, not a 500', async () => {
    const network = structuredClone(zooNetwork('fmnist-cnn')) as unknown as {
      layers: Array<Record<string, unknown>>;
    };
    network.layers[0]!['kernel'] = 'KERNEL';
    // JSON.stringify recurses, so the deep kernel is spliced in as text.
    const kernel = '['.repeat(20_001) + '1' + ']'.repeat(20_001);
    const res = await inspect(JSON.stringify({ network }).replace('"KERNEL"', kernel));
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([
      { path: '', message: expect.stringMatching(/nests 20005 levels deep; the limit is 32/) },
    ]);
  });
});
