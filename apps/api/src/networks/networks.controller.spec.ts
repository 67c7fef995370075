import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countParameters, zooNetwork } from '@morphsweep/morphnet';
import { serveApi } from '../test/serve-api';

// Uploaded descriptions are sized like zoo networks, and their faults named per layer/field.

describe('POST /api/networks/inspect', () => {
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    ({ app, url } = await serveApi());
  });
  afterAll(async () => {
    await app.close();
  });

  const inspect = async (body: unknown) => {
    const res = await fetch(`${url}/api/networks/inspect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field
    return { status: res.status, body: (await res.json()) as any };
  };

  it('sizes a description as the zoo would, with a strength grid around 1 / cost', async () => {
    const network = zooNetwork('fmnist-cnn');
    const zoo = (await (await fetch(`${url}/api/zoo`)).json()) as Array<{
      name: string;
      flops: number;
      modelSize: number;
    }>;
    const listed = zoo.find((n) => n.name === 'fmnist-cnn')!;
    const res = await inspect({
      network,
      morphnet: { family: 'gamma', resource: 'model-size' },
      count: 3,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'fmnist-cnn',
      flops: listed.flops,
      modelSize: listed.modelSize,
      parameters: countParameters(network),
      gated: false,
      layers: network.layers.length,
      seedCost: listed.modelSize,
    });
    const [lo, hi] = res.body.strengths.logRange as [number, number];
    expect(res.body.strengths.count).toBe(3);
    expect(lo).toBeLessThan(1 / listed.modelSize);
    expect(hi).toBeGreaterThan(1 / listed.modelSize);
  });

  it('names the layer and field of a broken description, and the unknown hardware', async () => {
    const network = zooNetwork('fmnist-cnn');
    const broken = {
      ...network,
      layers: network.layers.map((l) => (l.name === 'conv2' ? { ...l, filters: -3 } : l)),
    };
    const res = await inspect({ network: broken });
    expect(res.status).toBe(400);
    expect(res.body.issues.map((i: { path: string }) => i.path)).toContain('network.conv2.filters');

    const latency = await inspect({
      network,
      morphnet: { family: 'gamma', resource: 'latency', hardware: 'abacus' },
    });
    expect(latency.status).toBe(400);
    expect(latency.body.issues[0].path).toBe('morphnet.hardware');

    const notAnObject = await inspect({ network: 'fmnist-cnn' });
    expect(notAnObject.status).toBe(400);
    expect(notAnObject.body.issues[0].path).toBe('network');
  });
});
