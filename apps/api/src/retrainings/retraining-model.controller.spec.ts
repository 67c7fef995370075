import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseSweepSpec } from '@morphsweep/contracts';
import {
  ArtifactRepository,
  CandidateRepository,
  createDb,
  RetrainingRepository,
  RunRepository,
  type Db,
} from '@morphsweep/db';
import { buildModel, type MorphModel } from '@morphsweep/morphnet';
import { createArtifactStore } from '@morphsweep/storage';
import { slimmedNetworkOf } from '@morphsweep/sweeps';
import { encodeCheckpoint } from '@morphsweep/training';
import { seedSweep, sweepSpec } from '../test/fixtures';
import { serveApi } from '../test/serve-api';
import { RetrainingModelController } from './retraining-model.controller';

const stack = inject('stack');
const STRUCTURE = { 'conv1/Conv2D': 5, 'conv2/Conv2D': 7, 'conv3/Conv2D': 9 };

describe(RetrainingModelController.name, () => {
  const artifacts = `file://${mkdtempSync(path.join(os.tmpdir(), 'api-model-'))}`;
  let app: INestApplication;
  let url: string;
  let db: Db;
  let model: MorphModel;
  let succeeded: string;
  let queued: string;
  let ofCandidate: string;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    ({ app, url } = await serveApi({ ARTIFACTS_URL: artifacts }));
    db = createDb(stack.databaseUrl!);
    const { sweepId, runIds } = await seedSweep(db, 2, 'retraining model spec');
    await new RunRepository(db).recordResult(runIds[0]!, {
      structure: STRUCTURE,
      structureHash: 'm',
      cost: 10,
      accuracy: 0.5,
    });
    const retrainings = new RetrainingRepository(db);
    const ensure = (runId: string, hash: string) =>
      retrainings.ensure({
        id: randomUUID(),
        sweepId,
        sourceRunId: runId,
        structureHash: hash,
        seed: 0,
        trigger: 'PROMOTED',
        workflowId: `retrain-${sweepId}-${hash}`,
      });
    succeeded = (await ensure(runIds[0]!, 'm')).retraining.id;
    queued = (await ensure(runIds[1]!, 'q')).retraining.id;
    // A candidate of run 0 (another threshold) retrained in its own right.
    await new CandidateRepository(db).upsertMany([
      {
        runId: runIds[0]!,
        sweepId,
        step: 20,
        threshold: 0.5,
        structure: { 'conv1/Conv2D': 3, 'conv2/Conv2D': 4, 'conv3/Conv2D': 6 },
        structureHash: 'c',
        cost: 6,
      },
    ]);
    ofCandidate = (await ensure(runIds[0]!, 'c')).retraining.id;
    // The retrained state: the slimmed network with perturbed moving statistics, checkpointed
    // as the training loop does (model variables and an optimizer slot the export ignores).
    const spec = parseSweepSpec(sweepSpec('retraining model spec'));
    if (!spec.ok) throw new Error('fixture spec is invalid');
    model = buildModel(slimmedNetworkOf(spec.spec, STRUCTURE), { seed: 1 });
    model.variables.forEach((v, key) => {
      if (key.endsWith('/movingMean')) v.assign(tf.randomNormal(v.shape, 0, 0.2, 'float32', 2));
      if (key.endsWith('/movingVariance'))
        v.assign(tf.randomUniform(v.shape, 0.5, 2, 'float32', 3));
    });
    const tensors = [...model.variables].map(([key, v]) => ({
      name: `model/${key}`,
      shape: v.shape,
      values: v.dataSync() as Float32Array,
    }));
    tensors.push({ name: 'optimizer/0/m', shape: [2], values: new Float32Array(2) });
    const store = createArtifactStore(artifacts);
    // An older checkpoint of other values, so only the newest one gives these predictions.
    for (const [step, data] of [
      [
        10,
        encodeCheckpoint({
          meta: {},
          tensors: tensors.map((t) => ({ ...t, values: t.values.map(() => 0.5) })),
        }),
      ],
      [20, encodeCheckpoint({ meta: {}, tensors })],
    ] as const) {
      const key = `retrainings/${succeeded}/checkpoint-${String(step).padStart(9, '0')}.bin`;
      const info = await store.put(key, Buffer.from(data));
      await new ArtifactRepository(db).record({
        id: randomUUID(),
        uri: store.uriOf(key),
        kind: 'CHECKPOINT',
        sizeBytes: info.sizeBytes,
        sha256: info.sha256,
        retrainingId: succeeded,
      });
    }
    await retrainings.record(succeeded, { status: 'SUCCEEDED', finalAccuracy: 0.6 });
  });
  afterAll(async () => {
    model?.dispose();
    await db?.$disconnect();
    await app?.close();
  });

  it('serves a model tf.loadLayersModel loads from its URL, predicting what the retrained model does', async () => {
    const loaded = await tfl.loadLayersModel(`${url}/api/retrainings/${succeeded}/model`);
    const x = tf.randomNormal([4, 28, 28, 1], 0, 1, 'float32', 4);
    const want = model.apply(x, { training: false })[0]!.dataSync();
    const got = (loaded.predict(x) as tf.Tensor).dataSync();
    expect(got).toHaveLength(40);
    got.forEach((v, i) =>
      expect(Math.abs(v - want[i]!)).toBeLessThan(1e-5 * Math.max(Math.abs(want[i]!), 1e-2)),
    );
    loaded.dispose();
  });

  it('serves the network it trained beside the model', async () => {
    const res = await fetch(`${url}/api/retrainings/${succeeded}/network`);
    expect(res.status).toBe(200);
    const network = (await res.json()) as { layers: Array<{ name: string; filters?: number }> };
    expect(network.layers.find((l) => l.name === 'conv2')?.filters).toBe(7);
  });

  it("serves a candidate's network for the retraining of that candidate, not the run's own", async () => {
    const res = await fetch(`${url}/api/retrainings/${ofCandidate}/network`);
    expect(res.status).toBe(200);
    const network = (await res.json()) as { layers: Array<{ name: string; filters?: number }> };
    expect(network.layers.find((l) => l.name === 'conv2')?.filters).toBe(4);
  });

  it('answers 409 before the retraining has succeeded and 404 for an unknown one', async () => {
    const early = await fetch(`${url}/api/retrainings/${queued}/model`);
    expect(early.status).toBe(409);
    expect(((await early.json()) as { message: string }).message).toMatch(/queued/);
    expect((await fetch(`${url}/api/retrainings/${queued}/model.weights.bin`)).status).toBe(409);
    expect((await fetch(`${url}/api/retrainings/${randomUUID()}/model`)).status).toBe(404);
  });
});
