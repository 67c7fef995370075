import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend';
import { releaseWasmBackend } from '../backend/wasm-threads.backend';
import { testBackend } from '../../test/backends';
import { MemorySink, tinyConfig, tinyNetwork } from '../../test/learn.fixture';
import { decodeCheckpoint, encodeCheckpoint } from '../loop/checkpoint.codec';
import { learnStructure } from '../structure-learning/learn-structure';
import { retrain } from './retrain';
import type { RetrainCheckpointMeta } from './retrain.checkpoint';
import type { RetrainConfig, RetrainEpoch } from './retrain.types';

// 192 training images / 16 = 12 steps an epoch, 3 epochs; checkpoints every 5 steps and at 36.
const config: RetrainConfig = {
  dataset: { kind: 'synthetic', subsetSize: 240, validationFraction: 0.2 },
  epochs: 3,
  batchSize: 16,
  learningRate: 0.02,
  warmupSteps: 3,
  seed: 11,
  checkpointInterval: 5,
};
const target = { network: tinyNetwork(), structure: { 'conv1/Conv2D': 3, 'conv2/Conv2D': 6 } };

const tensorsOf = (bytes: Uint8Array) =>
  new Map(decodeCheckpoint<RetrainCheckpointMeta>(bytes).tensors.map((t) => [t.name, t.values]));
const timeless = (e: RetrainEpoch) => ({ ...e, examplesPerSecond: 0 });

describe(`retrain checkpoints and resume (${testBackend()})`, () => {
  beforeAll(async () => {
    await selectBackend({ backend: testBackend() });
  });
  afterAll(() => releaseWasmBackend());

  it('interrupted at step 17 and resumed from its step-15 checkpoint, ends bitwise equal to the uninterrupted run', async () => {
    const full = new MemorySink();
    const fullEpochs: RetrainEpoch[] = [];
    const reference = await retrain(target, config, {
      checkpoints: full,
      onEpoch: (e) => void fullEpochs.push(e),
    });
    expect(reference.status).toBe('succeeded');
    expect(full.steps).toEqual([5, 10, 15, 20, 25, 30, 35, 36]);

    const before = tf.memory().numTensors;
    const sink = new MemorySink();
    const abort = new AbortController();
    const checkpointed: number[] = [];
    const first = await retrain(target, config, {
      checkpoints: sink,
      signal: abort.signal,
      onStep: (step) => step === 17 && abort.abort(),
      onCheckpoint: (c) => void checkpointed.push(c.step),
    });
    expect(first).toMatchObject({ status: 'cancelled', steps: 17 });
    expect(checkpointed).toEqual([5, 10, 15]);
    // The step-15 checkpoint is mid-epoch 2: epoch 1's record and the batch-norm statistics
    // recalibrated after it are inside.
    expect(decodeCheckpoint<RetrainCheckpointMeta>(await sink.load('mem://15')).meta).toMatchObject(
      { step: 15, epochs: [{ epoch: 1, steps: 12 }], epoch: { steps: 3 } },
    );

    const steps: number[] = [];
    const resumedEpochs: RetrainEpoch[] = [];
    const resumed = await retrain(target, config, {
      checkpoints: sink,
      resumeFrom: 'mem://15',
      onStep: (s) => void steps.push(s),
      onEpoch: (e) => void resumedEpochs.push(e),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(steps[0]).toBe(16);
    expect(steps.at(-1)).toBe(36);
    expect(resumed.status).toBe('succeeded');
    expect(resumed.accuracy).toBe(reference.accuracy);
    expect(resumed.epochs.map(timeless)).toEqual(reference.epochs.map(timeless));
    expect(resumedEpochs.map(timeless)).toEqual(fullEpochs.slice(1).map(timeless));

    const a = tensorsOf(await full.load('mem://36'));
    const b = tensorsOf(await sink.load('mem://36'));
    expect([...b.keys()]).toEqual([...a.keys()]);
    expect([...a.keys()]).toEqual(
      expect.arrayContaining([
        'model/bn2/movingMean',
        'model/bn2/movingVariance',
        'optimizer/0/m',
        'optimizer/0/v',
      ]),
    );
    for (const [name, values] of a)
      expect(Array.from(b.get(name) ?? []), name).toEqual(Array.from(values));
  });

  it('with the full recipe (Nesterov, weight decay, step milestones, crop-flip) resumes bitwise equal too', async () => {
    const recipe: RetrainConfig = {
      ...config,
      optimizer: 'momentum',
      learningRate: 0.05,
      nesterov: true,
      weightDecay: 5e-4,
      schedule: 'step',
      milestones: [1, 2],
      augmentation: 'crop-flip',
    };
    const full = new MemorySink();
    const reference = await retrain(target, recipe, { checkpoints: full });
    const abort = new AbortController();
    const sink = new MemorySink();
    await retrain(target, recipe, {
      checkpoints: sink,
      signal: abort.signal,
      onStep: (step) => step === 17 && abort.abort(),
    });
    const resumed = await retrain(target, recipe, { checkpoints: sink, resumeFrom: 'mem://15' });
    expect(resumed.accuracy).toBe(reference.accuracy);
    expect(resumed.epochs.map(timeless)).toEqual(reference.epochs.map(timeless));
    // ×0.1 from epochs 1 and 2 on: each epoch's last step ran at 0.05, 0.005, 0.0005.
    expect(reference.epochs.map((e) => e.learningRate)).toEqual([
      0.05,
      0.05 * 0.1,
      0.05 * 0.1 ** 2,
    ]);
    const a = tensorsOf(await full.load('mem://36'));
    const b = tensorsOf(await sink.load('mem://36'));
    expect([...a.keys()]).toContain('optimizer/0/velocity');
    for (const [name, values] of a)
      expect(Array.from(b.get(name) ?? []), name).toEqual(Array.from(values));
    // The recipe is part of the trajectory, both ways.
    const { nesterov: _n, weightDecay: _w, milestones: _m, augmentation: _a, ...plain } = recipe;
    await expect(
      retrain(target, plain, { checkpoints: sink, resumeFrom: 'mem://15' }),
    ).rejects.toMatchObject({
      code: 'CHECKPOINT_MISMATCH',
      message: expect.stringMatching(/recipe/),
    });
    await expect(
      retrain(
        target,
        { ...recipe, augmentation: 'none' },
        { checkpoints: sink, resumeFrom: 'mem://15' },
      ),
    ).rejects.toMatchObject({ message: expect.stringMatching(/another recipe$/) });
  });

  it('resumed from a checkpoint at an epoch boundary continues with the recalibrated statistics', async () => {
    const full = new MemorySink();
    const reference = await retrain(
      target,
      { ...config, checkpointInterval: 12 },
      { checkpoints: full },
    );
    const sink = new MemorySink();
    const resumed = await retrain(
      target,
      { ...config, checkpointInterval: 12 },
      { checkpoints: sink, resumeFrom: await sink.save(12, await full.load('mem://12')) },
    );
    expect(resumed.accuracy).toBe(reference.accuracy);
    const a = tensorsOf(await full.load('mem://36'));
    for (const [name, values] of tensorsOf(await sink.load('mem://36')))
      expect(Array.from(values), name).toEqual(Array.from(a.get(name) ?? []));
  });

  it('holds tf.memory().numTensors flat across steps, epochs and checkpoints', async () => {
    const counts: number[] = [];
    await retrain(
      target,
      { ...config, epochs: 2, checkpointInterval: 4 },
      { checkpoints: new MemorySink(), onStep: () => void counts.push(tf.memory().numTensors) },
    );
    expect(counts).toHaveLength(24);
    expect(new Set(counts).size).toBe(1);
  });

  it('refuses corrupt, foreign and mismatched checkpoints with a TrainingError naming the problem', async () => {
    const sink = new MemorySink();
    await retrain(target, { ...config, epochs: 1, checkpointInterval: 12 }, { checkpoints: sink });
    const good = await sink.load('mem://12');
    const resume = (bytes: Uint8Array, c: RetrainConfig = config) =>
      sink
        .save(99, bytes)
        .then((uri) => retrain(target, c, { checkpoints: sink, resumeFrom: uri }));

    const corrupt = good.slice();
    corrupt[3] = 0;
    await expect(resume(corrupt)).rejects.toMatchObject({
      name: 'TrainingError',
      code: 'CHECKPOINT_INVALID',
      message: expect.stringMatching(/bad magic bytes/),
    });
    await expect(resume(good.slice(0, 40))).rejects.toMatchObject({
      code: 'CHECKPOINT_INVALID',
      message: expect.stringMatching(/truncated header/),
    });

    const learnSink = new MemorySink();
    await learnStructure(
      tinyConfig({ budget: { ...tinyConfig().budget, steps: 10 } }),
      {},
      { checkpoints: learnSink },
    );
    await expect(resume(await learnSink.load('mem://10'))).rejects.toMatchObject({
      code: 'CHECKPOINT_INVALID',
      message: expect.stringMatching(
        /morphsweep-learn-checkpoint\/v2, expected morphsweep-retrain-checkpoint\/v1/,
      ),
    });

    // `epochs` decides the schedule, so a checkpoint of a 1-epoch run does not fit a 3-epoch one.
    await expect(resume(good)).rejects.toMatchObject({
      code: 'CHECKPOINT_MISMATCH',
      message: expect.stringMatching(/another epochs$/),
    });
    await expect(
      resume(good, { ...config, epochs: 1, seed: 12, learningRate: 0.1 }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/another learningRate, seed$/) });
    await expect(
      retrain(
        { network: tinyNetwork(), widthMultiplier: 0.5 },
        { ...config, epochs: 1 },
        { checkpoints: sink, resumeFrom: 'mem://12' },
      ),
    ).rejects.toMatchObject({
      code: 'CHECKPOINT_MISMATCH',
      message: expect.stringMatching(/another network$/),
    });

    const { meta, tensors } = decodeCheckpoint<RetrainCheckpointMeta>(good);
    const missing = encodeCheckpoint({
      meta,
      tensors: tensors.filter((t) => t.name !== 'model/bn1/movingMean'),
    });
    await expect(resume(missing, { ...config, epochs: 1 })).rejects.toMatchObject({
      code: 'CHECKPOINT_MISMATCH',
      message: expect.stringMatching(/model variable bn1\/movingMean/),
    });
    const noSlot = encodeCheckpoint({
      meta,
      tensors: tensors.filter((t) => t.name !== 'optimizer/0/v'),
    });
    await expect(resume(noSlot, { ...config, epochs: 1 })).rejects.toMatchObject({
      code: 'CHECKPOINT_MISMATCH',
      message: expect.stringMatching(/optimizer slot 0\/v/),
    });
    await expect(retrain(target, config, { resumeFrom: 'mem://12' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});
