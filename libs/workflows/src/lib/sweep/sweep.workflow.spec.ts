import { WorkflowUpdateStage, type WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TASK_QUEUES } from '@morphsweep/contracts';
import { recordHistory } from '../../test/histories';
import { eventually, openTestEnv, testTraining, type TestEnv } from '../../test/test-env';
import {
  cancelSweepSignal,
  getProgressQuery,
  promoteRunUpdate,
  resumeFailedSignal,
} from './sweep.messages';
import { sweepWorkflow } from './sweep.workflow';
import { sweepWorkflowId } from '@morphsweep/contracts';

/**
 * Whether the workflow has completed an activity of this type and finished the workflow task
 * that took its result (so the run is now blocked on whatever comes next).
 */
async function completedActivities(handle: WorkflowHandle, activityType: string): Promise<boolean> {
  const events = (await handle.fetchHistory()).events ?? [];
  const scheduled = new Set(
    events
      .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === activityType)
      .map((e) => String(e.eventId)),
  );
  const done = events.findLastIndex((e) =>
    scheduled.has(String(e.activityTaskCompletedEventAttributes?.scheduledEventId)),
  );
  return done >= 0 && events.slice(done).some((e) => e.workflowTaskCompletedEventAttributes);
}

// sweepWorkflow on the real dev server, with fake activities over an in-memory world.
describe('sweepWorkflow', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await openTestEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('fans the grid out with the configured concurrency, flags the frontier and auto-retrains the top K, one per structure', async () => {
    // Cells 0 and 1 learned the same structure; cell 2 is dominated by cell 1.
    env.world.addSweep({
      id: 'completed',
      cells: 4,
      concurrency: 2,
      retrain: { policy: 'auto', topK: 2 },
      results: [{ structureHash: 'same' }, { structureHash: 'same' }, { cost: 900, accuracy: 0.5 }],
      learn: (r) => (r.index < 2 ? { gate: 'completed-first-two' } : 'succeed'),
    });
    const handle = await env.startSweep('completed');
    // Both slots busy: nothing else may start until one frees up.
    await eventually(() => env.world.sweep('completed').inFlight === 2);
    expect(await handle.query(getProgressQuery)).toMatchObject({
      phase: 'running',
      counts: { RUNNING: 2, QUEUED: 2 },
    });
    env.world.gate('completed-first-two').release();
    const outcome = await handle.result();

    const [c0, c1, , c3] = env.world.runsOf('completed').map((r) => r.id);
    expect(outcome).toMatchObject({
      status: 'SUCCEEDED',
      counts: { QUEUED: 0, RUNNING: 0, SUCCEEDED: 4, FAILED: 0, CANCELLED: 0 },
    });
    const { maxInFlight, started, statuses } = env.world.sweep('completed');
    expect({ maxInFlight, statuses }).toEqual({ maxInFlight: 2, statuses: ['SUCCEEDED'] });
    // Cells 0 and 1 first (in either order), the others as slots freed up.
    expect([...started.slice(0, 2)].sort()).toEqual([0, 1]);
    expect(started.length).toBe(4);
    expect(outcome.frontierRunIds).toEqual([c3, c1, c0]);
    // By accuracy: cell 0, then cell 1 (its structure is already chosen), then cell 3.
    const retrainings = env.world.retrainingsOf('completed');
    expect(retrainings.map((r) => [r.sourceRunId, r.kind, r.trigger, r.status]).sort()).toEqual([
      [c0, 'LEARNED', 'AUTO', 'SUCCEEDED'],
      [c3, 'LEARNED', 'AUTO', 'SUCCEEDED'],
    ]);
    expect([...outcome.retrainingIds].sort()).toEqual(retrainings.map((r) => r.id).sort());
    expect(await handle.query(getProgressQuery)).toMatchObject({
      phase: 'done',
      total: 4,
      generation: 0,
    });
    await recordHistory('sweep-completed', handle);
  });

  it('continues as new every cellsPerRun cells, each cell trained once', async () => {
    env.world.addSweep({ id: 'rotating', cells: 5, concurrency: 2 });
    const handle = await env.startSweep('rotating', { training: testTraining, cellsPerRun: 2 });
    const outcome = await handle.result();
    expect(outcome).toMatchObject({ status: 'SUCCEEDED', counts: { SUCCEEDED: 5 } });
    expect(outcome.frontierRunIds).toHaveLength(5);
    expect(env.world.runsOf('rotating').map((r) => r.attempts)).toEqual([1, 1, 1, 1, 1]);
    expect((await handle.query(getProgressQuery)).generation).toBe(2);
  });

  it('records a failed cell FAILED with its code; resumeFailed (signal-with-start) re-runs only that cell', async () => {
    env.world.addSweep({
      id: 'failed',
      cells: 3,
      concurrency: 3,
      learn: (r) => (r.index === 1 && r.attempts === 1 ? { fail: 'NON_FINITE_LOSS' } : 'succeed'),
    });
    const outcome = await (await env.startSweep('failed')).result();
    expect(outcome).toMatchObject({ status: 'FAILED', counts: { SUCCEEDED: 2, FAILED: 1 } });
    expect(env.world.run('failed-c1')).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(env.world.sweep('failed').finals).toEqual([
      { runId: 'failed-c1', status: 'FAILED', errorCode: 'NON_FINITE_LOSS' },
    ]);

    const resumed = await env.client.workflow.signalWithStart(sweepWorkflow, {
      taskQueue: TASK_QUEUES.control,
      workflowId: sweepWorkflowId('failed'),
      args: ['failed', { training: testTraining }],
      signal: resumeFailedSignal,
    });
    expect(await resumed.result()).toMatchObject({
      status: 'SUCCEEDED',
      counts: { SUCCEEDED: 3, FAILED: 0 },
    });
    expect(env.world.runsOf('failed').map((r) => r.attempts)).toEqual([1, 2, 1]);
    expect(env.world.sweep('failed').statuses).toEqual(['FAILED', 'SUCCEEDED']);
  });

  it('a sweep whose cells all finished SUCCEEDS with its collapsed cells counted as such', async () => {
    env.world.addSweep({
      id: 'collapsed',
      cells: 3,
      concurrency: 3,
      learn: (r) => (r.index === 2 ? { fail: 'STRUCTURE_COLLAPSED' } : 'succeed'),
    });
    const handle = await env.startSweep('collapsed');
    expect(await handle.result()).toMatchObject({
      status: 'SUCCEEDED',
      counts: { SUCCEEDED: 2, FAILED: 1 },
      collapsed: 1,
    });
    // The run row keeps its state and code; only the sweep's verdict reads the code.
    expect(env.world.run('collapsed-c2')).toMatchObject({
      status: 'FAILED',
      errorCode: 'STRUCTURE_COLLAPSED',
    });
    expect(env.world.sweep('collapsed').statuses).toEqual(['SUCCEEDED']);
    expect(await handle.query(getProgressQuery)).toMatchObject({ collapsed: 1, phase: 'done' });
  });

  it('resumeFailed re-runs the cells that failed otherwise, never a collapsed one (this run or an earlier one)', async () => {
    // Cell 1 runs out of memory once; cell 2 collapses; cell 3 collapsed in an earlier run.
    env.world.addSweep({
      id: 'collapsed-resume',
      cells: 4,
      concurrency: 4,
      initial: { 3: 'FAILED' },
      initialCodes: { 3: 'STRUCTURE_COLLAPSED' },
      learn: (r) =>
        r.index === 2
          ? { fail: 'STRUCTURE_COLLAPSED' }
          : r.index === 1 && r.attempts === 1
            ? { fail: 'OUT_OF_MEMORY' }
            : 'succeed',
    });
    expect(await (await env.startSweep('collapsed-resume')).result()).toMatchObject({
      status: 'FAILED',
      counts: { SUCCEEDED: 1, FAILED: 3 },
      collapsed: 2,
    });
    const resumed = await env.client.workflow.signalWithStart(sweepWorkflow, {
      taskQueue: TASK_QUEUES.control,
      workflowId: sweepWorkflowId('collapsed-resume'),
      args: ['collapsed-resume', { training: testTraining }],
      signal: resumeFailedSignal,
    });
    expect(await resumed.result()).toMatchObject({
      status: 'SUCCEEDED',
      counts: { SUCCEEDED: 2, FAILED: 2 },
      collapsed: 2,
    });
    expect(env.world.runsOf('collapsed-resume').map((r) => [r.attempts, r.errorCode])).toEqual([
      [1, undefined],
      [2, undefined],
      [1, 'STRUCTURE_COLLAPSED'],
      [0, 'STRUCTURE_COLLAPSED'],
    ]);
    expect(env.world.sweep('collapsed-resume').statuses).toEqual(['FAILED', 'SUCCEEDED']);
  });

  it('an infrastructure failure is retried past five attempts (an outage, worker restarts) until it succeeds', async () => {
    env.world.addSweep({
      id: 'outage',
      cells: 1,
      concurrency: 1,
      learn: (r) => (r.attempts <= 6 ? 'flake' : 'succeed'),
    });
    // The default attempt policy, with a short first interval so the test is quick.
    const handle = await env.startSweep('outage', {
      training: { heartbeatTimeout: '2 seconds', initialRetryInterval: '10 milliseconds' },
    });
    expect(await handle.result()).toMatchObject({ status: 'SUCCEEDED', counts: { SUCCEEDED: 1 } });
    expect(env.world.run('outage-c0').attempts).toBe(7);
  });

  it('an infrastructure failure that outlasts the schedule-to-close timeout fails the cell INFRASTRUCTURE', async () => {
    env.world.addSweep({ id: 'outage-forever', cells: 1, concurrency: 1, learn: () => 'flake' });
    const handle = await env.startSweep('outage-forever', {
      training: {
        heartbeatTimeout: '2 seconds',
        initialRetryInterval: '100 milliseconds',
        scheduleToCloseTimeout: '2 seconds',
      },
    });
    expect(await handle.result()).toMatchObject({ status: 'FAILED', counts: { FAILED: 1 } });
    expect(env.world.run('outage-forever-c0')).toMatchObject({
      status: 'FAILED',
      errorCode: 'INFRASTRUCTURE',
    });
    expect(env.world.run('outage-forever-c0').attempts).toBeGreaterThan(1);
  });

  it('resumeFailed while cells still run re-queues the failed cell in the same run', async () => {
    env.world.addSweep({
      id: 'resume-early',
      cells: 2,
      concurrency: 2,
      learn: (r) =>
        r.index === 0 && r.attempts === 1
          ? { fail: 'OUT_OF_MEMORY' }
          : r.index === 1
            ? { gate: 'resume-early-c1' }
            : 'succeed',
    });
    const handle = await env.startSweep('resume-early');
    await eventually(async () => (await handle.query(getProgressQuery)).counts.FAILED === 1);
    await handle.signal(resumeFailedSignal);
    await eventually(() => env.world.run('resume-early-c0').status === 'SUCCEEDED');
    env.world.gate('resume-early-c1').release();
    expect(await handle.result()).toMatchObject({ status: 'SUCCEEDED', counts: { SUCCEEDED: 2 } });
    expect((await handle.query(getProgressQuery)).generation).toBe(0);
    expect(env.world.sweep('resume-early').statuses).toEqual(['SUCCEEDED']);
  });

  it('resumeFailed arriving while a failed cell is being recorded still re-runs that cell', async () => {
    // The activity has written FAILED; the workflow's markRunFinal is held, so the cell is
    // still RUNNING to the workflow when the resume re-queues the FAILED rows.
    env.world.addSweep({
      id: 'resume-settling',
      cells: 2,
      concurrency: 2,
      learn: (r) =>
        r.index === 0 && r.attempts === 1
          ? { fail: 'NON_FINITE_LOSS' }
          : r.index === 1
            ? { gate: 'resume-settling-c1' }
            : 'succeed',
    });
    const recording = env.world.gate('markRunFinal:resume-settling-c0');
    const handle = await env.startSweep('resume-settling');
    await recording.reached;
    await handle.signal(resumeFailedSignal);
    await eventually(() => env.world.sweep('resume-settling').requeues === 1);
    recording.release();
    await eventually(() => env.world.run('resume-settling-c0').attempts === 2);
    env.world.gate('resume-settling-c1').release();

    expect(await handle.result()).toMatchObject({
      status: 'SUCCEEDED',
      counts: { SUCCEEDED: 2, FAILED: 0 },
    });
    expect(env.world.runsOf('resume-settling').map((r) => [r.status, r.attempts])).toEqual([
      ['SUCCEEDED', 2],
      ['SUCCEEDED', 1],
    ]);
    await recordHistory('sweep-resume-settling', handle);
  });

  it('a resume signalled after the cell loop ended continues as new and re-runs the failed cell', async () => {
    env.world.addSweep({
      id: 'resume-late',
      cells: 3,
      concurrency: 3,
      learn: (r) => (r.index === 1 && r.attempts === 1 ? { fail: 'NON_FINITE_LOSS' } : 'succeed'),
    });
    // Hold the first run at its last step (recording the sweep FAILED) and resume it there.
    const lastStep = env.world.gate('setSweepStatus:resume-late');
    const handle = await env.startSweep('resume-late');
    await lastStep.reached;
    await handle.signal(resumeFailedSignal);
    lastStep.release();

    expect(await handle.result()).toMatchObject({
      status: 'SUCCEEDED',
      counts: { SUCCEEDED: 3, FAILED: 0 },
    });
    expect(env.world.runsOf('resume-late').map((r) => r.attempts)).toEqual([1, 2, 1]);
    expect(env.world.sweep('resume-late').statuses).toEqual(['FAILED', 'SUCCEEDED']);
    const first = env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId);
    expect((await first.describe()).status.name).toBe('CONTINUED_AS_NEW');
    expect((await handle.query(getProgressQuery)).generation).toBe(1);
    await recordHistory('sweep-resume-late.run1', first);
    await recordHistory('sweep-resume-late.run2', env.client.workflow.getHandle(handle.workflowId));
  });

  it('cancel stops the running cells (they acknowledge), cancels the queued ones and skips retraining', async () => {
    env.world.addSweep({
      id: 'cancelled',
      cells: 5,
      concurrency: 2,
      retrain: { policy: 'auto', topK: 1 },
      learn: () => 'block',
    });
    const handle = await env.startSweep('cancelled');
    await eventually(() => env.world.sweep('cancelled').inFlight === 2);
    await handle.signal(cancelSweepSignal);
    const outcome = await handle.result();

    expect(outcome).toMatchObject({
      status: 'CANCELLED',
      counts: { CANCELLED: 5, RUNNING: 0, QUEUED: 0 },
      retrainingIds: [],
    });
    const runs = env.world.runsOf('cancelled');
    expect(runs.map((r) => [r.status, r.errorCode, r.attempts])).toEqual([
      ['CANCELLED', 'CANCELLED', 1],
      ['CANCELLED', 'CANCELLED', 1],
      ['CANCELLED', 'CANCELLED', 0],
      ['CANCELLED', 'CANCELLED', 0],
      ['CANCELLED', 'CANCELLED', 0],
    ]);
    expect(runs.filter((r) => r.cancelObserved).length).toBe(2);
    expect(env.world.sweep('cancelled').statuses).toEqual(['CANCELLED']);
    expect(env.world.retrainingsOf('cancelled')).toEqual([]);
  });

  it('cancel during auto-retraining cancels the retrainings instead of waiting for them', async () => {
    env.world.addSweep({
      id: 'cancel-retraining',
      cells: 2,
      concurrency: 2,
      retrain: { policy: 'auto', topK: 1 },
      retrainBehaviour: () => 'block',
    });
    const handle = await env.startSweep('cancel-retraining');
    await eventually(() => env.world.retrainingsOf('cancel-retraining')[0]?.status === 'RUNNING');
    expect((await handle.query(getProgressQuery)).phase).toBe('retraining');
    await handle.signal(cancelSweepSignal);
    const outcome = await handle.result();

    expect(outcome).toMatchObject({ status: 'CANCELLED', counts: { SUCCEEDED: 2, CANCELLED: 0 } });
    expect(env.world.retrainingsOf('cancel-retraining').map((r) => [r.kind, r.status])).toEqual([
      ['LEARNED', 'CANCELLED'],
    ]);
    expect(env.world.sweep('cancel-retraining').statuses).toEqual(['CANCELLED']);
  });

  it('a cancel that arrives while a promote still runs at a rotation is not lost (the carried state is built after the handlers drain)', async () => {
    env.world.addSweep({
      id: 'rotate-cancel',
      cells: 3,
      concurrency: 1,
      initial: { 0: 'SUCCEEDED' },
      learn: (r) => (r.index === 1 ? { gate: 'rotate-cancel-c1' } : 'succeed'),
    });
    const ensuring = env.world.gate('ensureRetraining:rotate-cancel-c0');
    const handle = await env.startSweep('rotate-cancel', {
      training: testTraining,
      cellsPerRun: 1,
    });
    await eventually(() => env.world.run('rotate-cancel-c1').status === 'RUNNING');
    const update = await handle.startUpdate(promoteRunUpdate, {
      args: ['rotate-cancel-c0'],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    await ensuring.reached;
    env.world.gate('rotate-cancel-c1').release();
    // Cell 1 done and its frontier update in: the run now waits for the promote to finish
    // before it continues as new.
    await eventually(() => completedActivities(handle, 'updatePareto'));
    await handle.signal(cancelSweepSignal);
    ensuring.release();
    expect(await update.result()).toMatchObject({ created: true });

    expect(await handle.result()).toMatchObject({
      status: 'CANCELLED',
      counts: { SUCCEEDED: 2, CANCELLED: 1 },
    });
    expect(env.world.runsOf('rotate-cancel').map((r) => [r.status, r.attempts])).toEqual([
      ['SUCCEEDED', 0],
      ['SUCCEEDED', 1],
      ['CANCELLED', 0],
    ]);
    expect(env.world.sweep('rotate-cancel').statuses).toEqual(['CANCELLED']);
    await recordHistory('sweep-rotate-cancel', handle);
  });

  it('a resume that arrives while a promote still runs at a rotation is carried into the next run', async () => {
    env.world.addSweep({
      id: 'rotate-resume',
      cells: 3,
      concurrency: 1,
      initial: { 0: 'SUCCEEDED' },
      learn: (r) =>
        r.index === 1 ? (r.attempts === 1 ? { fail: 'OUT_OF_MEMORY' } : 'succeed') : 'succeed',
    });
    const ensuring = env.world.gate('ensureRetraining:rotate-resume-c0');
    const recording = env.world.gate('markRunFinal:rotate-resume-c1');
    const handle = await env.startSweep('rotate-resume', {
      training: testTraining,
      cellsPerRun: 1,
    });
    await recording.reached;
    const update = await handle.startUpdate(promoteRunUpdate, {
      args: ['rotate-resume-c0'],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    await ensuring.reached;
    recording.release();
    // Cell 1's failure recorded: the run waits for the promote before it continues as new.
    await eventually(() => completedActivities(handle, 'markRunFinal'));
    await handle.signal(resumeFailedSignal);
    ensuring.release();
    await update.result();

    expect(await handle.result()).toMatchObject({ status: 'SUCCEEDED', counts: { SUCCEEDED: 3 } });
    expect(env.world.runsOf('rotate-resume').map((r) => [r.status, r.attempts])).toEqual([
      ['SUCCEEDED', 0],
      ['SUCCEEDED', 2],
      ['SUCCEEDED', 1],
    ]);
    const first = env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId);
    expect((await first.describe()).status.name).toBe('CONTINUED_AS_NEW');
    await recordHistory('sweep-rotate-resume.run1', first);
  });

  it('promote (update) starts one retraining per structure; rejects an empty run id and a run without a structure', async () => {
    env.world.addSweep({
      id: 'promote',
      cells: 2,
      concurrency: 2,
      learn: (r) => (r.index === 0 ? 'succeed' : { gate: 'promote-c1' }),
    });
    const handle = await env.startSweep('promote');
    await eventually(() => env.world.run('promote-c0').status === 'SUCCEEDED');

    const promoted = await handle.executeUpdate(promoteRunUpdate, { args: ['promote-c0'] });
    expect(promoted).toEqual({
      retrainingId: 'promote-r0',
      workflowId: 'retrain-promote-h0',
      created: true,
      retrainingIds: ['promote-r0'],
    });
    expect(await handle.executeUpdate(promoteRunUpdate, { args: ['promote-c0'] })).toEqual({
      ...promoted,
      created: false,
    });
    await expect(handle.executeUpdate(promoteRunUpdate, { args: [''] })).rejects.toMatchObject({
      name: 'WorkflowUpdateFailedError',
      cause: { message: 'promote needs a run id' },
    });
    await expect(
      handle.executeUpdate(promoteRunUpdate, { args: ['promote-c1'] }),
    ).rejects.toMatchObject({
      name: 'WorkflowUpdateFailedError',
      cause: { cause: { type: 'RUN_NOT_SUCCEEDED' } },
    });

    expect(await env.client.workflow.getHandle(promoted.workflowId).result()).toMatchObject({
      retrainingId: 'promote-r0',
    });
    expect(
      env.world.retrainingsOf('promote').map((r) => [r.sourceRunId, r.kind, r.trigger, r.status]),
    ).toEqual([['promote-c0', 'LEARNED', 'PROMOTED', 'SUCCEEDED']]);
    env.world.gate('promote-c1').release();
    expect(await handle.result()).toMatchObject({
      status: 'SUCCEEDED',
      retrainingIds: ['promote-r0'],
    });
    // The validator's rejection never reached the history; the failed handler's update did.
    const events = (await handle.fetchHistory()).events ?? [];
    const accepted = events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
    expect(accepted).toBe(3);
    await recordHistory('sweep-promoted', handle);
  });

  it('a promote handled before the plan is loaded retrains on the sweep queue, with the baseline the sweep asks for', async () => {
    env.world.addSweep({
      id: 'early-promote',
      cells: 2,
      concurrency: 1,
      accelerator: 'gpu',
      retrain: { policy: 'manual', baseline: true },
      initial: { 0: 'SUCCEEDED' },
    });
    const plan = env.world.gate('loadSweepPlan:early-promote');
    const handle = await env.startSweep('early-promote');
    await plan.reached;
    const update = await handle.startUpdate(promoteRunUpdate, {
      args: ['early-promote-c0'],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    await eventually(() => env.world.retrainingsOf('early-promote').length === 1);
    // Before the fix the retraining started here, while the plan was still being loaded.
    const settled = await Promise.race([
      update.result().then(() => 'answered'),
      new Promise((r) => setTimeout(() => r('waiting'), 1000)),
    ]);
    expect(settled).toBe('waiting');
    plan.release();

    expect(await update.result()).toMatchObject({
      retrainingId: 'early-promote-r0',
      created: true,
    });
    expect(await handle.result()).toMatchObject({ status: 'SUCCEEDED' });
    await env.client.workflow.getHandle('retrain-early-promote-h0').result();
    expect(
      env.world.retrainingsOf('early-promote').map((r) => [r.kind, r.trigger, r.status, r.queue]),
    ).toEqual([
      ['LEARNED', 'PROMOTED', 'SUCCEEDED', TASK_QUEUES.trainGpu],
      ['WIDTH_MULTIPLIER', 'PROMOTED', 'SUCCEEDED', TASK_QUEUES.trainGpu],
    ]);
  });
});
