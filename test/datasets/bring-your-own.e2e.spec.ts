import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, inject, it } from 'vitest';
import { workspaceRoot } from '@morphsweep/devstack';
import { buildModel, type NetworkDescription } from '@morphsweep/morphnet';
import { createArtifactStore } from '@morphsweep/storage';
import { decodeCheckpoint } from '@morphsweep/training/checkpoints';
import { portsEnv, runUp } from '../support/run-up';

// Issue 12's "done when", on the product as `npm start` runs it (Temporal, the API, a worker)
// against the real PostgreSQL and S3 server: a Keras model JSON imports with Keras' parameter
// count; datasets generated here are registered from S3 (IDX) and from disk (CIFAR-10); a
// sweep of the imported network runs with real training on the S3 one; its frontier
// structure is retrained; and the retrained model downloads as a TF.js model that loads with
// tfjs-layers and predicts what the retrained checkpoint predicts.
const SIDE = 28;
const CLASSES = 10;

/** `count` learnable grey images: class c is horizontal stripes of period c + 2, with noise. */
function gratings(count: number, seed: number): { images: Uint8Array; labels: Uint8Array } {
  let state = seed;
  const noise = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 60;
  const labels = Uint8Array.from({ length: count }, (_, i) => i % CLASSES);
  const images = new Uint8Array(count * SIDE * SIDE);
  labels.forEach((c, i) => {
    for (let p = 0; p < SIDE * SIDE; p++) {
      const stripe = Math.floor(p / SIDE / (c + 2)) % 2;
      images[i * SIDE * SIDE + p] = Math.min(255, stripe * 180 + noise());
    }
  });
  return { images, labels };
}

function idx(shape: number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * shape.length + data.length);
  out.set([0, 0, 8, shape.length]);
  shape.forEach((d, i) => new DataView(out.buffer).setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * shape.length);
  return out;
}

describe('bring your own model and data', () => {
  it('imports a Keras model, sweeps it on a dataset registered from S3, and exports the retrained frontier as TF.js', async () => {
    const stack = inject('stack');
    const s3 = stack.s3!;
    const s3Env = {
      S3_ENDPOINT: s3.endpoint,
      AWS_ACCESS_KEY_ID: s3.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
    };
    const prefix = `byo-${Date.now()}`;
    const env = {
      MORPHSWEEP_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'byo-')),
      MORPHSWEEP_DATASET_CACHE_DIR: mkdtempSync(path.join(os.tmpdir(), 'byo-cache-')),
      ...(await portsEnv()),
      DATABASE_URL: stack.databaseUrl!,
      ARTIFACTS_URL: `s3://${s3.bucket}/${prefix}/artifacts`,
      ...s3Env,
    };
    // The datasets: IDX files on the S3 server, CIFAR-10 batches on disk.
    const data = createArtifactStore(`s3://${s3.bucket}/${prefix}/data`, s3Env);
    const train = gratings(160, 1);
    const test = gratings(40, 2);
    await data.put('gratings/train-images-idx3-ubyte', idx([160, SIDE, SIDE], train.images));
    await data.put('gratings/train-labels-idx1-ubyte', idx([160], train.labels));
    await data.put('gratings/t10k-images-idx3-ubyte', idx([40, SIDE, SIDE], test.images));
    await data.put('gratings/t10k-labels-idx1-ubyte', idx([40], test.labels));
    const cifarDir = mkdtempSync(path.join(os.tmpdir(), 'byo-cifar-'));
    const record = (label: number) =>
      Uint8Array.from({ length: 3073 }, (_, i) => (i === 0 ? label : (i * label) % 256));
    writeFileSync(
      path.join(cifarDir, 'data_batch_1.bin'),
      Uint8Array.from([0, 1, 2, 3].flatMap((l) => [...record(l)])),
    );

    const up = await runUp(env);
    const url = up.url;
    const post = async (route: string, body: unknown) => {
      const res = await fetch(`${url}${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
    };
    const get = async (route: string) => (await (await fetch(`${url}${route}`)).json()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    try {
      // 1. A Keras 3 model JSON (the 32/64/128 CNN written by real Keras) imports with Keras' count.
      const fixture = JSON.parse(
        readFileSync(
          path.join(workspaceRoot(), 'libs/morphnet/src/test/fixtures/keras/sequential-cnn.json'),
          'utf8',
        ),
      ) as { trainable: number; model: unknown };
      const imported = await post('/api/networks/import', {
        model: fixture.model,
        name: 'keras-cnn',
      });
      expect(imported.status).toBe(200);
      expect(imported.body.parameters).toBe(fixture.trainable);

      // 2. Both datasets register with what they hold.
      const fromS3 = await post('/api/datasets', {
        name: `${prefix}-gratings`,
        uri: `s3://${s3.bucket}/${prefix}/data/gratings`,
        format: 'idx',
      });
      expect(fromS3.status).toBe(201);
      expect(fromS3.body).toMatchObject({
        height: 28,
        width: 28,
        channels: 1,
        numClasses: 10,
        trainCount: 160,
        testCount: 40,
      });
      const fromDisk = await post('/api/datasets', {
        name: `${prefix}-cifar`,
        uri: pathToFileURL(cifarDir).href,
        format: 'cifar10',
      });
      expect(fromDisk.body).toMatchObject({
        height: 32,
        width: 32,
        channels: 3,
        numClasses: 4,
        trainCount: 4,
      });

      const spec = {
        name: 'byo e2e',
        seedNetwork: imported.body.network,
        dataset: { kind: 'registered', dataset: fromS3.body.id },
        morphnet: { family: 'gamma', resource: 'flops' },
        grid: { strengths: [1e-9, 1e-7], thresholds: [0.01] },
        budget: {
          steps: 6,
          batchSize: 8,
          learningRate: 0.01,
          evalInterval: 3,
          checkpointInterval: 6,
        },
        concurrency: 1,
        retrain: {
          policy: 'auto',
          topK: 1,
          baseline: false,
          budget: {
            epochs: 1,
            batchSize: 16,
            learningRate: 0.01,
            evalInterval: 100,
            checkpointInterval: 100,
            evaluateOn: 'test',
          },
        },
      };
      // 3. The seed does not fit the CIFAR set: a 400 naming both, nothing started.
      const misfit = await post('/api/sweeps', {
        ...spec,
        dataset: { kind: 'registered', dataset: `${prefix}-cifar` },
        retrain: { policy: 'none' },
      });
      expect(misfit.status).toBe(400);
      expect(misfit.body.issues[0].message).toBe(
        `the seed network "keras-cnn" takes 28×28×1 inputs, but dataset "${prefix}-cifar" has 32×32×3 images`,
      );

      // 4. The sweep on the S3 dataset trains for real, and its frontier structure is retrained.
      const sweep = await post('/api/sweeps', spec);
      expect(sweep.status).toBe(201);
      await expect
        .poll(
          async () =>
            (await get(`/api/retrainings?sweepId=${sweep.body.id}`)).items.map(
              (r: { status: string }) => r.status,
            ),
          { timeout: 150_000, interval: 1000 },
        )
        .toEqual(['SUCCEEDED']);
      const [retraining] = (await get(`/api/retrainings?sweepId=${sweep.body.id}`)).items;
      expect(retraining.finalAccuracy).toBeGreaterThanOrEqual(0);
      // The sweep workflow finalizes after its retraining: poll, not a single read (a race in CI).
      await expect
        .poll(async () => (await get(`/api/sweeps/${sweep.body.id}`)).status, {
          timeout: 30_000,
          interval: 500,
        })
        .toBe('SUCCEEDED');

      // 5. The retrained model downloads as TF.js, loads with tfjs-layers and predicts what
      //    the retrained checkpoint (our model, its weights) predicts on the dataset's images.
      await tf.setBackend('cpu');
      const loaded = await tfl.loadLayersModel(`${url}/api/retrainings/${retraining.id}/model`);
      const network = (await get(
        `/api/retrainings/${retraining.id}/network`,
      )) as NetworkDescription;
      const store = createArtifactStore(env.ARTIFACTS_URL, s3Env);
      // The newest checkpoint the retraining wrote (keys sort by step), as the export reads it.
      const checkpoints = (await store.list(`retrainings/${retraining.id}/`)).filter((a) =>
        /checkpoint-\d+\.bin$/.test(a.key),
      );
      const key = checkpoints[checkpoints.length - 1]!.key;
      const checkpoint = decodeCheckpoint(new Uint8Array(await store.get(key)));
      const ours = buildModel(network, { seed: 0 });
      for (const t of checkpoint.tensors) {
        if (t.name.startsWith('model/'))
          ours.variables.get(t.name.slice(6))?.assign(tf.tensor(t.values, [...t.shape]));
      }
      const x = tf.tensor4d(
        Float32Array.from(test.images.subarray(0, 4 * SIDE * SIDE), (v) => v / 255),
        [4, SIDE, SIDE, 1],
      );
      const got = loaded.predict(x) as tf.Tensor;
      expect(got.shape).toEqual([4, CLASSES]);
      const want = ours.apply(x, { training: false })[0]!.dataSync();
      got
        .dataSync()
        .forEach((v, i) =>
          expect(Math.abs(v - want[i]!)).toBeLessThan(1e-4 * Math.max(Math.abs(want[i]!), 1e-2)),
        );
      loaded.dispose();
      ours.dispose();
    } finally {
      expect(await up.interrupt()).toBe(0);
    }
  });
});
