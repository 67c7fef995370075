import { WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TASK_QUEUES } from '@morphsweep/contracts';
import { fakeControlActivities } from '../../test/fake-activities';
import type { FakeSweepInput } from '../../test/fake-world';
import { recordHistory } from '../../test/histories';
import { promoteRunUpdate } from '../sweep/sweep.messages';
import { eventually, openTestEnv, testTraining, type TestEnv } from '../../test/test-env';
import { retrainWorkflow } from './retrain.workflow';

// retrainWorkflow on the real dev server, alone and as the sweep's auto-retraining child.
describe('retrainWorkflow', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await openTestEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  /** A sweep whose cell 0 already SUCCEEDED, and the retraining of its structure; starts it. */
  async function startRetraining(
    id: string,
    baseline: boolean,
    sweep: Partial<FakeSweepInput> = {},
  ) {
    env.world.addSweep({ id, cells: 1, concurrency: 1, initial: { 0: 'SUCCEEDED' }, ...sweep });
    const ensured = await fakeControlActivities(env.world).ensureRetraining({
      runId: `${id}-c0`,
      trigger: 'PROMOTED',
    });
    return env.client.workflow.start(retrainWorkflow, {
      taskQueue: TASK_QUEUES.control,
      workflowId: ensured.workflowId,
      args: [
        {
          retrainingId: ensured.retrainingId,
          runId: `${id}-c0`,
          trigger: 'PROMOTED',
          baseline,
          training: testTraining,
        },
      ],
    });
  }

  it('auto-retraining with baseline: true retrains the learned structure, then the width-multiplier baseline at its cost', async () => {
    env.world.addSweep({
      id: 'baseline',
      cells: 2,
      concurrency: 2,
      retrain: { policy: 'auto', topK: 1, baseline: true },
    });
    const outcome = await (await env.startSweep('baseline')).result();
    expect(outcome).toMatchObject({ status: 'SUCCEEDED', retrainingIds: ['baseline-r0'] });

    const child = env.client.workflow.getHandle('retrain-baseline-h0');
    expect(await child.result()).toEqual({
      retrainingId: 'baseline-r0',
      finalAccuracy: 0.9,
      measuredCost: 1000,
      baseline: {
        retrainingId: 'baseline-r1',
        finalAccuracy: expect.closeTo(0.8),
        measuredCost: 1000,
      },
    });
    expect(
      env.world
        .retrainingsOf('baseline')
        .map((r) => [r.id, r.sourceRunId, r.kind, r.trigger, r.status, r.measuredCost]),
    ).toEqual([
      ['baseline-r0', 'baseline-c0', 'LEARNED', 'AUTO', 'SUCCEEDED', 1000],
      ['baseline-r1', 'baseline-c0', 'WIDTH_MULTIPLIER', 'AUTO', 'SUCCEEDED', 1000],
    ]);
    await recordHistory('retrain-baseline', child);
  });

  it('without baseline retrains only the learned structure', async () => {
    const handle = await startRetraining('learned-only', false);
    expect(await handle.result()).toEqual({
      retrainingId: 'learned-only-r0',
      finalAccuracy: 0.9,
      measuredCost: 1000,
    });
    expect(env.world.retrainingsOf('learned-only').map((r) => r.kind)).toEqual(['LEARNED']);
  });

  it('a failed learned retraining is recorded FAILED with its code and no baseline is trained', async () => {
    const handle = await startRetraining('learned-fails', true, {
      retrainBehaviour: () => ({ fail: 'OUT_OF_MEMORY' }),
    });
    await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
    expect(
      env.world.retrainingsOf('learned-fails').map((r) => [r.kind, r.status, r.errorCode]),
    ).toEqual([['LEARNED', 'FAILED', 'OUT_OF_MEMORY']]);
  });

  it('a failed baseline is recorded in its own row; the learned retraining stays SUCCEEDED', async () => {
    const handle = await startRetraining('baseline-fails', true, {
      retrainBehaviour: (r) =>
        r.kind === 'WIDTH_MULTIPLIER' ? { fail: 'INVALID_CONFIG' } : 'succeed',
    });
    await expect(handle.result()).rejects.toMatchObject({
      cause: { cause: { type: 'INVALID_CONFIG' } },
    });
    expect(
      env.world
        .retrainingsOf('baseline-fails')
        .map((r) => [r.kind, r.trigger, r.status, r.errorCode]),
    ).toEqual([
      ['LEARNED', 'PROMOTED', 'SUCCEEDED', undefined],
      ['WIDTH_MULTIPLIER', 'PROMOTED', 'FAILED', 'INVALID_CONFIG'],
    ]);
  });

  it('cancelling a retraining stops its training and records it CANCELLED', async () => {
    const handle = await startRetraining('retrain-cancelled', true, {
      retrainBehaviour: () => 'block',
    });
    await eventually(() => env.world.retrainingsOf('retrain-cancelled')[0]?.status === 'RUNNING');
    await handle.cancel();
    await expect(handle.result()).rejects.toMatchObject({ cause: { name: 'CancelledFailure' } });
    expect(
      env.world.retrainingsOf('retrain-cancelled').map((r) => [r.kind, r.status, r.errorCode]),
    ).toEqual([['LEARNED', 'CANCELLED', 'CANCELLED']]);
  });

  it('promoting a run whose retraining failed retries it: the same row, a new run of its workflow', async () => {
    env.world.addSweep({
      id: 'retry-promote',
      cells: 2,
      concurrency: 2,
      learn: (r) => (r.index === 0 ? 'succeed' : { gate: 'retry-promote-c1' }),
      retrainBehaviour: (r) => (r.attempts === 1 ? { fail: 'OUT_OF_MEMORY' } : 'succeed'),
    });
    const handle = await env.startSweep('retry-promote');
    await eventually(() => env.world.run('retry-promote-c0').status === 'SUCCEEDED');
    const promote = () => handle.executeUpdate(promoteRunUpdate, { args: ['retry-promote-c0'] });
    const retrainingState = () =>
      env.world.retrainingsOf('retry-promote').map((r) => [r.kind, r.status, r.attempts]);

    const first = await promote();
    expect(first).toMatchObject({ retrainingId: 'retry-promote-r0', created: true });
    await expect(env.client.workflow.getHandle(first.workflowId).result()).rejects.toBeInstanceOf(
      WorkflowFailedError,
    );
    expect(retrainingState()).toEqual([['LEARNED', 'FAILED', 1]]);

    expect(await promote()).toEqual({ ...first, created: false });
    expect(await env.client.workflow.getHandle(first.workflowId).result()).toMatchObject({
      retrainingId: 'retry-promote-r0',
      finalAccuracy: 0.9,
    });
    expect(retrainingState()).toEqual([['LEARNED', 'SUCCEEDED', 2]]);

    // A retraining that succeeded is not run again.
    expect(await promote()).toEqual({ ...first, created: false });
    expect(retrainingState()).toEqual([['LEARNED', 'SUCCEEDED', 2]]);
    env.world.gate('retry-promote-c1').release();
    expect(await handle.result()).toMatchObject({
      status: 'SUCCEEDED',
      retrainingIds: ['retry-promote-r0'],
    });
    await recordHistory('sweep-promote-retry', handle);
  });

  it('a failed auto-retraining is left in its row and does not fail the sweep', async () => {
    env.world.addSweep({
      id: 'auto-fails',
      cells: 2,
      concurrency: 2,
      retrain: { policy: 'auto', topK: 2 },
      retrainBehaviour: (r) =>
        r.sourceRunId === 'auto-fails-c0' ? { fail: 'OUT_OF_MEMORY' } : 'succeed',
    });
    expect(await (await env.startSweep('auto-fails')).result()).toMatchObject({
      status: 'SUCCEEDED',
    });
    expect(
      env.world
        .retrainingsOf('auto-fails')
        .map((r) => [r.sourceRunId, r.status])
        .sort(),
    ).toEqual([
      ['auto-fails-c0', 'FAILED'],
      ['auto-fails-c1', 'SUCCEEDED'],
    ]);
  });
});
