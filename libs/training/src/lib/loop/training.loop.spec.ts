import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend';
import { releaseWasmBackend } from '../backend/wasm-threads.backend';
import { testBackend } from '../../test/backends';
import { MemorySink, tinyNetwork } from '../../test/learn.fixture';
import type { Batch } from '../data/batch';
import type { StepLosses } from './train.step';
import type { TrainingCheckpointMeta } from './training.checkpoint';
import { runTrainingLoop, type TrainingLoopOptions } from './training.loop';
import type { LoopStop, TrainingPolicy } from './training.policy';
import { withTrainingSession } from './training.session';

const FORMAT = 'morphsweep-probe-checkpoint/v1';

/** A policy that trains nothing: it records what the loop hands it. */
class ProbePolicy implements TrainingPolicy<{ after: number[] }, 'early'> {
  readonly checkpoint;
  readonly divergenceHint = 'the probe';
  readonly checkpointInterval = 5;
  readonly trace: string[] = [];
  /** (0-based step, seed, first label of the batch) of every step. */
  readonly steps: [number, number, number][] = [];
  after: number[] = [];
  final: LoopStop<'early'> | undefined;

  constructor(
    readonly totalSteps = 12,
    private readonly at: { stop?: number; nan?: number; seed?: number } = {},
  ) {
    this.checkpoint = {
      format: FORMAT,
      reads: [FORMAT],
      runKind: 'probe run',
      trajectory: { network: 'tiny', seed: at.seed ?? 3 },
    };
  }

  step(batch: Batch, step: number, seed: number): StepLosses {
    this.trace.push(`step ${step}`);
    this.steps.push([step, seed, batch.labels[0] as number]);
    return { taskLoss: step === this.at.nan ? Number.NaN : 1, regLoss: 0 };
  }

  async afterStep(step: number): Promise<'early' | undefined> {
    this.after.push(step);
    return step === this.at.stop ? 'early' : undefined;
  }

  async afterLoop(stop: LoopStop<'early'>): Promise<LoopStop<'early'>> {
    this.final = stop;
    return stop;
  }

  progress() {
    return { after: [...this.after] };
  }

  restore(meta: TrainingCheckpointMeta<{ after: number[] }>): void {
    this.after = [...meta.after];
  }
}

// 80 training images of 8: 10 steps an epoch.
const setup = {
  network: tinyNetwork(),
  dataset: { kind: 'synthetic' as const, subsetSize: 100, validationFraction: 0.2 },
  batchSize: 8,
  optimizer: 'sgd' as const,
  learningRate: 0.1,
  seed: 3,
};

const run = (policy: ProbePolicy, options: TrainingLoopOptions) =>
  withTrainingSession(setup, (session) => runTrainingLoop(session, policy, options));

describe('runTrainingLoop', () => {
  beforeAll(async () => {
    await selectBackend({ backend: testBackend() });
  });
  afterAll(() => releaseWasmBackend());

  it('hands every step to the policy, checkpoints every interval and after the last step', async () => {
    const sink = new MemorySink();
    const policy = new ProbePolicy();
    const stepped: number[] = [];
    const outcome = await run(policy, { checkpoints: sink, onStep: (s) => void stepped.push(s) });
    expect(outcome).toEqual({ stopReason: 'budget', steps: 12 });
    expect(policy.after).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(stepped).toEqual(policy.after);
    expect(sink.steps).toEqual([5, 10, 12]);
    expect(policy.final).toBe('budget');
  });

  it('stops when the policy says so, with a checkpoint of that step', async () => {
    const sink = new MemorySink();
    const outcome = await run(new ProbePolicy(12, { stop: 7 }), { checkpoints: sink });
    expect(outcome).toEqual({ stopReason: 'early', steps: 7 });
    expect(sink.steps).toEqual([5, 7]);
  });

  it('stops before the next step once the signal fires, without a checkpoint', async () => {
    const sink = new MemorySink();
    const abort = new AbortController();
    const policy = new ProbePolicy();
    const outcome = await run(policy, {
      checkpoints: sink,
      signal: abort.signal,
      onStep: (s) => s === 6 && abort.abort(),
    });
    expect(outcome).toEqual({ stopReason: 'cancelled', steps: 6 });
    expect(policy.final).toBe('cancelled');
    expect(sink.steps).toEqual([5]);
  });

  it('lets the event loop run between steps', async () => {
    const policy = new ProbePolicy(3);
    await run(policy, {
      onStep: (s) => void setImmediate(() => policy.trace.push(`tick ${s}`)),
    });
    expect(policy.trace).toEqual(['step 0', 'tick 1', 'step 1', 'tick 2', 'step 2', 'tick 3']);
  });

  it('resumed from a checkpoint, takes the same batches and seeds as the uninterrupted run', async () => {
    const sink = new MemorySink();
    const full = new ProbePolicy();
    await run(full, { checkpoints: sink });
    const resumed = new ProbePolicy();
    const outcome = await run(resumed, { checkpoints: sink, resumeFrom: 'mem://5' });
    expect(outcome).toEqual({ stopReason: 'budget', steps: 12 });
    expect(resumed.steps).toEqual(full.steps.slice(5));
    expect(resumed.after).toEqual(full.after);
  });

  it('throws DIVERGED on a non-finite loss, naming the step', async () => {
    await expect(run(new ProbePolicy(12, { nan: 3 }), {})).rejects.toMatchObject({
      code: 'DIVERGED',
      message: 'loss became NaN (reg 0) at step 4; lower the probe',
    });
  });

  it('refuses a checkpoint of another trajectory or format, and resumeFrom without a sink', async () => {
    const sink = new MemorySink();
    await run(new ProbePolicy(5), { checkpoints: sink });
    await expect(
      run(new ProbePolicy(12, { seed: 4 }), { checkpoints: sink, resumeFrom: 'mem://5' }),
    ).rejects.toMatchObject({
      code: 'CHECKPOINT_MISMATCH',
      message: 'checkpoint was written by a probe run with another seed',
    });
    const other = new ProbePolicy();
    Object.assign(other.checkpoint, { reads: ['morphsweep-other-checkpoint/v1'] });
    await expect(run(other, { checkpoints: sink, resumeFrom: 'mem://5' })).rejects.toMatchObject({
      code: 'CHECKPOINT_INVALID',
    });
    await expect(run(new ProbePolicy(), { resumeFrom: 'mem://5' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});
