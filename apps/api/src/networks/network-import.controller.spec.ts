import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { networkImportSchema } from '@morphsweep/contracts';
import { serveApi } from '../test/serve-api';

// Fixtures written by real TensorFlow (Keras 3) and by tfjs-layers, with their own counts.
const FIXTURES = join(__dirname, '../../../../libs/morphnet/src/test/fixtures');
const fixture = (file: string) =>
  JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as { trainable: number; model: unknown };

describe('POST /api/networks/import', () => {
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    ({ app, url } = await serveApi());
  });
  afterAll(async () => {
    await app.close();
  });

  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${url}/api/networks/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field
    return { status: res.status, body: (await res.json()) as any };
  };

  it("imports Keras models with Keras' trainable count, and the result inspects as uploaded", async () => {
    for (const file of ['keras/resnet20.json', 'keras/mobilenetv2-32.json']) {
      const { trainable, model } = fixture(file);
      const res = await post('import', { model, name: 'imported' });
      expect(res.status).toBe(200);
      expect(networkImportSchema.strict().parse(res.body)).toEqual(res.body);
      expect(res.body).toMatchObject({ parameters: trainable, layout: 'keras 3', notes: [] });
      expect(res.body.network.name).toBe('imported');
      const inspected = await post('inspect', { network: res.body.network });
      expect(inspected.status).toBe(200);
      expect(inspected.body).toMatchObject({ parameters: trainable, flops: res.body.flops });
    }
  });

  it('takes the model JSON itself as the body (curl -d @model.json), TF.js layers too', async () => {
    const { trainable, model } = fixture('tfjs/tfjs-functional.json');
    const res = await post('import', model);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ parameters: trainable, layout: 'tfjs-layers' });
    expect(res.body.notes).toEqual([expect.stringMatching(/^input rescaling "rescale"/)]);
  });

  it('answers a 400 naming every unsupported layer with its class, and one for JSON that is no model', async () => {
    const res = await post('import', { model: fixture('keras/unsupported-net.json').model });
    expect(res.status).toBe(400);
    expect(res.body.issues.map((i: { path: string }) => i.path)).toEqual([
      'model.dilated.dilation_rate',
      'model.layer_norm.class_name',
      'model.leaky.class_name',
      'model.upsample.class_name',
      'model.gmp.class_name',
      'model.logits.activation',
    ]);
    expect(res.body.issues[1].message).toMatch(/^LayerNormalization: our format has no op/);
    const none = await post('import', { model: { layers: [] } });
    expect(none.status).toBe(400);
    expect(none.body.issues).toEqual([
      { path: 'model', message: expect.stringMatching(/not a Keras or TF.js layers model JSON/) },
    ]);
  });
});
