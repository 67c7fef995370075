import * as tf from '@tensorflow/tfjs-core';
import { flopFunction, fullWidthCost } from '@morphsweep/morphnet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend';
import { releaseWasmBackend } from '../backend/wasm-threads.backend';
import { testBackend } from '../../test/backends';
import { tinyNetwork } from '../../test/learn.fixture';
import { retrain, retrainNetwork } from './retrain';
import type { RetrainConfig, RetrainEpoch } from './retrain.types';

const config: RetrainConfig = {
  dataset: { kind: 'synthetic', subsetSize: 400, validationFraction: 0.2 },
  epochs: 3,
  batchSize: 16,
  learningRate: 0.02,
  seed: 3,
};

describe(`retrain (${testBackend()})`, () => {
  beforeAll(async () => {
    await selectBackend({ backend: testBackend() });
  });
  afterAll(() => releaseWasmBackend());

  it('builds the learned-structure network and the width-multiplier baseline', () => {
    const slim = retrainNetwork({
      network: tinyNetwork(),
      structure: { 'conv1/Conv2D': 2, 'conv2/Conv2D': 0 },
    });
    const widths = (n: typeof slim) =>
      n.layers.flatMap((l) => (l.op === 'conv2d' ? [l.filters] : []));
    expect(widths(slim)).toEqual([2, 1]); // a dead layer keeps one channel
    expect(widths(retrainNetwork({ network: tinyNetwork(), widthMultiplier: 0.5 }))).toEqual([
      2, 4,
    ]);
    expect(retrainNetwork(tinyNetwork())).toEqual(tinyNetwork());
  });

  it('trains a slimmed network from scratch with a decaying rate and reports accuracy, cost and parameters', async () => {
    const epochs: RetrainEpoch[] = [];
    const before = tf.memory().numTensors;
    const result = await retrain(
      { network: tinyNetwork(), structure: { 'conv1/Conv2D': 3, 'conv2/Conv2D': 6 } },
      config,
      { onEpoch: (e) => void epochs.push(e) },
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(result.status).toBe('succeeded');
    expect(result.backend).toBe(testBackend());
    // 320 training images / 16 = 20 steps an epoch.
    expect(epochs.map((e) => [e.epoch, e.steps])).toEqual([
      [1, 20],
      [2, 40],
      [3, 60],
    ]);
    expect(epochs[2]?.learningRate).toBeLessThan(epochs[0]?.learningRate ?? 0);
    expect(epochs[2]?.loss).toBeLessThan(epochs[0]?.loss ?? 0);
    expect(result.accuracy).toBe(epochs[2]?.validationAccuracy);
    expect(result.accuracy).toBeGreaterThan(0.3); // 10 classes: chance is 0.1
    // conv1 3×3×1×3 + bn1 2·3 + conv2 3×3×3×6 + bn2 2·6 + dense 6×10 + 10.
    expect(result.parameters).toBe(27 + 6 + 162 + 12 + 60 + 10);
    expect(result.flops).toBe(fullWidthCost(result.network, flopFunction(1)));
    expect(result.cost).toBe(result.flops);
    const full = await retrain(tinyNetwork(), { ...config, epochs: 1 });
    expect(full.flops).toBeGreaterThan(result.flops);
  });

  it('stops when its signal fires', async () => {
    const abort = new AbortController();
    abort.abort();
    const result = await retrain(tinyNetwork(), config, { signal: abort.signal });
    expect(result).toMatchObject({ status: 'cancelled', steps: 0, epochs: [] });
  });

  it('rejects a bad recipe before training: milestones, decay factor, weight decay, Nesterov', async () => {
    const step = { ...config, schedule: 'step' as const };
    for (const [bad, why] of [
      [{ ...step, milestones: [2, 1] }, /strictly increasing/],
      [{ ...step, milestones: [3] }, /epoch in \[1, 3\)/],
      [{ ...config, milestones: [1] }, /need the step schedule/],
      [{ ...step, decayFactor: 1.5 }, /decayFactor/],
      [{ ...config, weightDecay: -0.1 }, /weightDecay must be ≥ 0/],
      [{ ...config, nesterov: true }, /nesterov needs the momentum optimizer/],
    ] as const)
      await expect(retrain(tinyNetwork(), bad)).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(why),
      });
  });

  it('weight decay changes the trajectory (the optimizer spec checks it decays kernels only)', async () => {
    const base = { ...config, epochs: 1, optimizer: 'sgd' as const };
    const plain = await retrain(tinyNetwork(), base);
    const decayed = await retrain(tinyNetwork(), { ...base, weightDecay: 0.5 });
    expect(decayed.epochs[0]?.loss).not.toBe(plain.epochs[0]?.loss);
    expect(Number.isFinite(decayed.accuracy)).toBe(true);
  });
});
