import 'reflect-metadata';
// The cross-check builds tfjs models; the API itself never does (it has no tfjs backend).
import '@tensorflow/tfjs-backend-cpu';
import type { INestApplication } from '@nestjs/common';
import { afterAll, describe, expect, it } from 'vitest';
import { SMALL_ZOO_NETWORKS, buildModel, countParameters, zooNetwork } from '@morphsweep/morphnet';
import { serveApi } from '../test/serve-api';
import { zooEntrySchema } from './zoo.dto';
import { ZooController } from './zoo.controller';

describe(ZooController.name, () => {
  it('lists every zoo network with FLOPs, model size and the trainable parameters a built model holds', () => {
    const entries = new ZooController().list();
    expect(entries.map((e) => e.name)).toContain('fmnist-cnn-gated');
    for (const entry of entries) {
      expect(zooEntrySchema.strict().parse(entry)).toEqual(entry);
      // What `morphsweep cost` prints as "trainable parameters".
      expect(entry.parameters).toBe(countParameters(zooNetwork(entry.name)));
      // Built models hold exactly that many for the small networks; the CIFAR and ImageNet
      // seeds (up to 138M parameters) are checked against published counts in morphnet.
      if (SMALL_ZOO_NETWORKS.includes(entry.name)) {
        const model = buildModel(zooNetwork(entry.name), { seed: 0 });
        try {
          expect(entry.parameters).toBe(
            model.trainableVariables().reduce((sum, v) => sum + v.size, 0),
          );
        } finally {
          model.dispose();
        }
      }
      // Biases, batch-norm scale/offset and gate logits are parameters, not model size.
      expect(entry.parameters).toBeGreaterThan(entry.modelSize);
    }
  });
});

describe('GET /api/zoo', () => {
  let served: { app: INestApplication; url: string } | undefined;
  afterAll(async () => {
    await served?.app.close();
  });

  it('serves the parameter count and documents it in OpenAPI as an integer', async () => {
    served = await serveApi();
    const zoo = (await (await fetch(`${served.url}/api/zoo`)).json()) as Array<{
      name: string;
      parameters: number;
    }>;
    expect(zoo.find((n) => n.name === 'fmnist-cnn')?.parameters).toBe(
      countParameters(zooNetwork('fmnist-cnn')),
    );
    // The schema is walked loosely below: any keeps the assertions readable.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    type LooseSchema = any;
    const doc = (await (await fetch(`${served.url}/api/openapi.json`)).json()) as {
      paths: Record<
        string,
        { get: { responses: Record<string, { content: Record<string, { schema: LooseSchema }> }> } }
      >;
    };
    const entry =
      doc.paths['/api/zoo']!.get.responses['200']!.content['application/json']!.schema.items;
    expect(entry.properties.parameters).toMatchObject({ type: 'integer', minimum: 0 });
    expect(entry.required).toEqual(
      expect.arrayContaining(['name', 'flops', 'modelSize', 'parameters', 'gated']),
    );
  });
});

describe('GET /api/zoo/:name/strength-grid', () => {
  let served: { app: INestApplication; url: string } | undefined;
  afterAll(async () => {
    await served?.app.close();
  });

  it('answers hardware named after an Object.prototype key with a 400 on hardware (was a 500)', async () => {
    served = await serveApi();
    for (const hardware of ['constructor', '__proto__', 'nope']) {
      const res = await fetch(
        `${served.url}/api/zoo/fmnist-cnn/strength-grid?resource=latency&hardware=${hardware}`,
      );
      expect(res.status).toBe(400);
      expect(((await res.json()) as { issues: unknown }).issues).toEqual([
        { path: 'hardware', message: expect.stringContaining(`unknown hardware "${hardware}"`) },
      ]);
    }
    const known = await fetch(
      `${served.url}/api/zoo/fmnist-cnn/strength-grid?resource=latency&hardware=T4`,
    );
    expect(known.status).toBe(200);
  });
});
