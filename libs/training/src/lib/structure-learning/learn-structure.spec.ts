import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend';
import { releaseWasmBackend } from '../backend/wasm-threads.backend';
import { testBackend } from '../../test/backends';
import { addGates, parseNetwork } from '@morphsweep/morphnet';
import { MemorySink, tinyConfig, tinyNetwork } from '../../test/learn.fixture';
import { decodeCheckpoint, encodeCheckpoint } from '../loop/checkpoint.codec';
import { trajectoryDigest } from '../loop/training.trajectory';
import { learnStructure } from './learn-structure';
import { learnTrajectory, type LearnCheckpointMeta } from './learn-structure.policy';
import type { LearnMetricPoint } from './learn-structure.types';
import { canonicalJson, structureHash } from './structure.hash';

function weightsOf(bytes: Uint8Array): Map<string, Float32Array> {
  return new Map(
    decodeCheckpoint<LearnCheckpointMeta>(bytes).tensors.map((t) => [t.name, t.values]),
  );
}

// On the threaded wasm backend with our kernels (native convolutions): ~40 ms a step here;
// the pure-JS cpu backend takes ~600 ms for the same tiny network.
describe(`learnStructure (${testBackend()})`, () => {
  beforeAll(async () => {
    await selectBackend({ backend: testBackend() });
  });
  afterAll(() => releaseWasmBackend());

  it('evaluates every evalInterval, checkpoints every checkpointInterval and stops at the budget', async () => {
    const sink = new MemorySink();
    const points: LearnMetricPoint[] = [];
    const checkpoints: number[] = [];
    const steps: number[] = [];
    const result = await learnStructure(
      tinyConfig(),
      {
        onMetrics: (p) => void points.push(...p),
        onCheckpoint: (c) => void checkpoints.push(c.step),
        onStep: (s) => void steps.push(s),
      },
      { checkpoints: sink },
    );
    expect(result).toMatchObject({
      status: 'succeeded',
      stopReason: 'budget',
      stepsTrained: 20,
      backend: testBackend(),
    });
    expect(steps).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(points.map((p) => p.step)).toEqual([5, 10, 15, 20]);
    expect(checkpoints).toEqual([10, 20]);
    expect(sink.steps).toEqual([10, 20]);
    for (const p of points) {
      expect(p.taskLoss).toBeGreaterThan(0);
      expect(p.regLoss).toBeGreaterThan(0);
      expect(p.accuracy).toBeGreaterThanOrEqual(0);
      expect(p.examplesPerSecond).toBeGreaterThan(0);
      expect(Object.keys(p.aliveCounts ?? {}).sort()).toEqual(['conv1/Conv2D', 'conv2/Conv2D']);
    }
    // Full width: FLOPs of conv1 (2·14²·9·1·4), conv2 (2·7²·9·4·8), BN/relu and the logits' MatMul, all > 0.
    expect(result.cost).toBe(points.at(-1)?.cost);
    expect(result.flops).toBe(result.cost);
    expect(result.modelSize).toBeGreaterThan(0);
    expect(result.structure).toEqual({ 'conv1/Conv2D': 4, 'conv2/Conv2D': 8 });
    expect(result.structureHash).toBe(structureHash({ 'conv2/Conv2D': 8, 'conv1/Conv2D': 4 }));
    expect(result.accuracy).toBe(points.at(-1)?.accuracy);
    // The task is learnable: the loss falls from the first window to the last.
    expect((points.at(-1) as LearnMetricPoint).taskLoss).toBeLessThan(
      (points[0] as LearnMetricPoint).taskLoss,
    );
  });

  it('resumed from a checkpoint, ends with exactly the weights and optimizer slots of the uninterrupted run', async () => {
    const full = new MemorySink();
    const fullPoints: LearnMetricPoint[] = [];
    await learnStructure(
      tinyConfig({ budget: { ...tinyConfig().budget, checkpointInterval: 5 } }),
      { onMetrics: (p) => void fullPoints.push(...p) },
      { checkpoints: full },
    );

    // Interrupt the same run at step 13: the last checkpoint is step 10.
    const sink = new MemorySink();
    const abort = new AbortController();
    const first = await learnStructure(
      tinyConfig({ budget: { ...tinyConfig().budget, checkpointInterval: 5 } }),
      { onStep: (s) => s === 13 && abort.abort() },
      { checkpoints: sink, signal: abort.signal },
    );
    expect(first).toMatchObject({ status: 'cancelled', stopReason: 'cancelled', stepsTrained: 13 });
    expect(sink.steps).toEqual([5, 10]);

    const resumedPoints: LearnMetricPoint[] = [];
    const resumed = await learnStructure(
      tinyConfig({ budget: { ...tinyConfig().budget, checkpointInterval: 5 } }),
      { onMetrics: (p) => void resumedPoints.push(...p) },
      { checkpoints: sink, resumeFrom: 'mem://10' },
    );
    expect(resumed).toMatchObject({ status: 'succeeded', stepsTrained: 20 });
    const a = weightsOf(await full.load('mem://20'));
    const b = weightsOf(await sink.load('mem://20'));
    expect([...b.keys()]).toEqual([...a.keys()]);
    expect([...a.keys()].some((k) => k.startsWith('optimizer/'))).toBe(true);
    expect([...a.keys()]).toContain('model/bn1/movingMean');
    for (const [name, values] of a)
      expect(Array.from(b.get(name) ?? []), name).toEqual(Array.from(values));
    // Same batches, same losses after the resume point.
    const strip = (p: LearnMetricPoint) => ({ ...p, examplesPerSecond: 0 });
    expect(resumedPoints.map(strip)).toEqual(fullPoints.filter((p) => p.step > 10).map(strip));
  });

  it('resumes a gated (FiGS) network exactly: gate noise is seeded from the checkpointed RNG', async () => {
    const config = tinyConfig({
      network: parseNetwork(addGates(tinyNetwork())),
      target: { family: 'logistic-sigmoid', resource: 'flops' },
      threshold: 0.1,
      strength: 1e-5,
      budget: { ...tinyConfig().budget, steps: 12, evalInterval: 4, checkpointInterval: 4 },
    });
    const full = new MemorySink();
    const a = await learnStructure(config, {}, { checkpoints: full });
    const sink = new MemorySink();
    await learnStructure(
      config,
      {},
      { checkpoints: sink, resumeFrom: await sink.save(4, await full.load('mem://4')) },
    );
    const b = weightsOf(await sink.load('mem://12'));
    const logits = [...b.keys()].filter((k) => k.endsWith('/logits'));
    expect(logits).toEqual(['model/relu1_gate/logits', 'model/relu2_gate/logits']);
    for (const [name, values] of weightsOf(await full.load('mem://12')))
      expect(Array.from(b.get(name) ?? []), name).toEqual(Array.from(values));
    expect(a.status).toBe('succeeded');
  });

  it('holds tf.memory().numTensors flat across steps, evaluations and checkpoints included', async () => {
    const counts: number[] = [];
    await learnStructure(
      tinyConfig({ budget: { ...tinyConfig().budget, evalInterval: 3, checkpointInterval: 4 } }),
      { onStep: () => void counts.push(tf.memory().numTensors) },
      { checkpoints: new MemorySink() },
    );
    expect(counts).toHaveLength(20);
    expect(new Set(counts).size).toBe(1);
  });

  it('stops within one step of the abort signal, as cancelled, without a checkpoint', async () => {
    const abort = new AbortController();
    const sink = new MemorySink();
    let stepsSeen = 0;
    const result = await learnStructure(
      tinyConfig(),
      {
        onStep: (s) => {
          stepsSeen = s;
          if (s === 3) abort.abort();
        },
      },
      { checkpoints: sink, signal: abort.signal },
    );
    expect(result).toMatchObject({ status: 'cancelled', stopReason: 'cancelled', stepsTrained: 3 });
    expect(stepsSeen).toBe(3);
    expect(sink.steps).toEqual([]);
  });

  it('prunes with a strong strength, keeps the structure with a tiny one, and reports a collapse', async () => {
    const budget = {
      ...tinyConfig().budget,
      steps: 40,
      learningRate: 0.05,
      evalInterval: 10,
      checkpointInterval: 40,
    };
    const tiny = await learnStructure(
      tinyConfig({ budget, strength: 1e-9 }),
      {},
      { checkpoints: new MemorySink() },
    );
    const strong = await learnStructure(
      tinyConfig({ budget, strength: 1e-4 }),
      {},
      { checkpoints: new MemorySink() },
    );
    expect(tiny.structure).toEqual({ 'conv1/Conv2D': 4, 'conv2/Conv2D': 8 });
    expect(tiny.status).toBe('succeeded');
    expect(strong.cost).toBeLessThan(tiny.cost);
    const crushed = await learnStructure(
      tinyConfig({ budget, strength: 1 }),
      {},
      { checkpoints: new MemorySink() },
    );
    expect(crushed).toMatchObject({ status: 'collapsed', stopReason: 'collapsed' });
    expect(crushed.stepsTrained).toBeLessThan(40);
    expect(Math.min(...Object.values(crushed.structure))).toBe(0);
  });

  it('resumes exactly from a v1 checkpoint (trajectory recorded as its digest, configHash)', async () => {
    const config = tinyConfig({
      budget: { ...tinyConfig().budget, steps: 12, checkpointInterval: 6 },
    });
    const full = new MemorySink();
    await learnStructure(config, {}, { checkpoints: full });
    const { meta, tensors } = decodeCheckpoint<LearnCheckpointMeta>(await full.load('mem://6'));
    const { trajectory: _trajectory, ...rest } = meta;
    // v1's configHash, computed as v1 did: sha256 of the sorted-key JSON of these fields.
    const { network, dataset, target, strength, threshold, seed } = config;
    const { batchSize, optimizer, learningRate } = config.budget;
    const key = {
      network,
      dataset,
      target,
      strength,
      threshold,
      seed,
      batchSize,
      optimizer,
      learningRate,
    };
    const configHash = createHash('sha256').update(canonicalJson(key)).digest('hex');
    expect(configHash).toBe(trajectoryDigest(learnTrajectory(config)));
    const v1 = { ...rest, format: 'morphsweep-learn-checkpoint/v1', configHash };
    const sink = new MemorySink();
    const uri = await sink.save(6, encodeCheckpoint({ meta: v1, tensors }));
    await learnStructure(config, {}, { checkpoints: sink, resumeFrom: uri });
    const a = weightsOf(await full.load('mem://12'));
    for (const [name, values] of weightsOf(await sink.load('mem://12')))
      expect(Array.from(values), name).toEqual(Array.from(a.get(name) ?? []));
    await expect(
      learnStructure({ ...config, seed: 8 }, {}, { checkpoints: sink, resumeFrom: uri }),
    ).rejects.toMatchObject({ code: 'CHECKPOINT_MISMATCH' });
  });

  it('refuses a checkpoint of another run', async () => {
    const sink = new MemorySink();
    await learnStructure(
      tinyConfig({ budget: { ...tinyConfig().budget, steps: 10 } }),
      {},
      { checkpoints: sink },
    );
    await expect(
      learnStructure(
        tinyConfig({ strength: 0.5 }),
        {},
        { checkpoints: sink, resumeFrom: 'mem://10' },
      ),
    ).rejects.toMatchObject({
      code: 'CHECKPOINT_MISMATCH',
      message: 'checkpoint was written by a structure-learning run with another strength',
    });
  });
});
