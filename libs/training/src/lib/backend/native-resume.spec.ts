// Exact resume on the native backend, through the library's public API: structure learning
// and retraining interrupted, resumed from a checkpoint, end byte for byte where the
// uninterrupted run ends (weights, BN statistics, optimizer slots, RNG, cursor), with a flat
// tensor count. (The loops' own specs check the same on wasm, field by field.)
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCheckpoint, learnStructure, retrain, selectBackend } from '../../index';
import { NATIVE_UNDER_TEST } from '../../test/backends';
import { MemorySink, tinyConfig, tinyNetwork } from '../../test/learn.fixture';

const same = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/** Every tensor of a checkpoint, by name (its metadata also records wall-clock throughput). */
const tensorsOf = (bytes: Uint8Array) =>
  Object.fromEntries(decodeCheckpoint(bytes).tensors.map((t) => [t.name, Array.from(t.values)]));

describe.runIf(NATIVE_UNDER_TEST)('exact resume on node', () => {
  beforeAll(async () => {
    await selectBackend({ backend: 'node' });
  });

  it('structure learning: interrupted at 13, resumed from 10, ends as the uninterrupted run', async () => {
    const config = tinyConfig({ budget: { ...tinyConfig().budget, checkpointInterval: 5 } });
    const full = new MemorySink();
    await learnStructure(config, {}, { checkpoints: full });
    const sink = new MemorySink();
    const abort = new AbortController();
    const first = await learnStructure(
      config,
      { onStep: (s) => s === 13 && abort.abort() },
      { checkpoints: sink, signal: abort.signal },
    );
    expect(first).toMatchObject({ status: 'cancelled', stepsTrained: 13 });
    const before = tf.memory().numTensors;
    const resumed = await learnStructure(config, {}, { checkpoints: sink, resumeFrom: 'mem://10' });
    expect(resumed).toMatchObject({ status: 'succeeded', stepsTrained: 20, backend: 'node' });
    expect(tf.memory().numTensors).toBe(before);
    expect(same(await sink.load('mem://20'), await full.load('mem://20'))).toBe(true);
  });

  it('retraining: interrupted at 7, resumed from 5, ends as the uninterrupted run', async () => {
    const config = {
      dataset: { kind: 'synthetic', subsetSize: 160, validationFraction: 0.25 },
      epochs: 2,
      batchSize: 16,
      learningRate: 0.01,
      optimizer: 'adam',
      seed: 3,
      checkpointInterval: 5,
    } as const;
    const full = new MemorySink();
    await retrain(tinyNetwork(), config, { checkpoints: full });
    const sink = new MemorySink();
    const abort = new AbortController();
    await retrain(tinyNetwork(), config, {
      checkpoints: sink,
      signal: abort.signal,
      onStep: (s: number) => s === 7 && abort.abort(),
    });
    expect(sink.steps).toEqual([5]);
    await retrain(tinyNetwork(), config, { checkpoints: sink, resumeFrom: 'mem://5' });
    const last = Math.max(...full.steps);
    expect(sink.steps.at(-1)).toBe(last);
    const resumed = tensorsOf(await sink.load(`mem://${last}`));
    expect(Object.keys(resumed).some((k) => k.startsWith('optimizer/'))).toBe(true);
    expect(resumed).toEqual(tensorsOf(await full.load(`mem://${last}`)));
  });
});
