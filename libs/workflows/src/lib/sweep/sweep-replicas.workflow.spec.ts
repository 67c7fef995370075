import { WorkflowUpdateStage, type WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordHistory } from '../../test/histories';
import { eventually, openTestEnv, type TestEnv } from '../../test/test-env';
import { getProgressQuery, promoteRunUpdate } from './sweep.messages';

// Child workflows a sweep run actually started (not those it found already started).
async function childrenStarted(handle: WorkflowHandle): Promise<string[]> {
  const events = (await handle.fetchHistory()).events ?? [];
  return events
    .map((e) => e.childWorkflowExecutionStartedEventAttributes?.workflowExecution?.workflowId)
    .filter((id): id is string => typeof id === 'string')
    .sort();
}

// Several retrainings from scratch per structure (`retrain.seeds`), on the real dev server
// with fake training.
describe('sweepWorkflow with several retraining seeds', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await openTestEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  const rows = (sweepId: string) =>
    env.world
      .retrainingsOf(sweepId)
      .map((r) => [r.kind, r.replica, r.workflowId, r.status])
      .sort();

  it('a promotion with 3 seeds and baseline retrains 3 learned and 3 baseline replicas, each with its seed, once however often promoted', async () => {
    env.world.addSweep({
      id: 'seeds',
      cells: 2,
      concurrency: 1,
      retrain: { policy: 'manual', baseline: true },
      seeds: 3,
      initial: { 0: 'SUCCEEDED' },
      learn: () => ({ gate: 'seeds-c1' }),
    });
    const handle = await env.startSweep('seeds');
    // Twice at once, then once more: one set of rows and workflows.
    const [first, second] = await Promise.all([
      handle.executeUpdate(promoteRunUpdate, { args: ['seeds-c0'] }),
      handle.executeUpdate(promoteRunUpdate, { args: ['seeds-c0'] }),
    ]);
    const third = await handle.executeUpdate(promoteRunUpdate, { args: ['seeds-c0'] });
    expect([first.created, second.created].sort()).toEqual([false, true]);
    expect(third).toMatchObject({ workflowId: 'retrain-seeds-h0', created: false });
    expect(third.retrainingIds).toHaveLength(3);
    for (const promoted of [first, second])
      expect(promoted.retrainingIds).toEqual(third.retrainingIds);

    const ids = ['retrain-seeds-h0', 'retrain-seeds-h0-r1', 'retrain-seeds-h0-r2'];
    const results = await Promise.all(ids.map((id) => env.client.workflow.getHandle(id).result()));
    expect(results.map((r) => r.retrainingId)).toEqual(third.retrainingIds);
    expect(new Set(results.map((r) => r.baseline?.retrainingId)).size).toBe(3);
    expect(rows('seeds')).toEqual([
      ['LEARNED', 0, 'retrain-seeds-h0', 'SUCCEEDED'],
      ['LEARNED', 1, 'retrain-seeds-h0-r1', 'SUCCEEDED'],
      ['LEARNED', 2, 'retrain-seeds-h0-r2', 'SUCCEEDED'],
      ['WIDTH_MULTIPLIER', 0, 'retrain-seeds-h0-width-multiplier', 'SUCCEEDED'],
      ['WIDTH_MULTIPLIER', 1, 'retrain-seeds-h0-width-multiplier-r1', 'SUCCEEDED'],
      ['WIDTH_MULTIPLIER', 2, 'retrain-seeds-h0-width-multiplier-r2', 'SUCCEEDED'],
    ]);
    // Three seeds, each shared by a replica's learned structure and its baseline.
    const seeds = env.world.retrainingsOf('seeds').map((r) => `${r.replica}:${r.seed}`);
    expect(new Set(seeds).size).toBe(3);
    expect(new Set(env.world.retrainingsOf('seeds').map((r) => r.seed)).size).toBe(3);
    expect(await childrenStarted(handle)).toEqual(ids);

    env.world.gate('seeds-c1').release();
    expect(await handle.result()).toMatchObject({ status: 'SUCCEEDED' });
    await recordHistory('sweep-promoted-seeds', handle);
    await recordHistory('retrain-baseline-replica', env.client.workflow.getHandle(ids[1]!));

    // A later run of the sweep's workflow (as a promote after the sweep closed starts one)
    // finds every replica retrained: it starts nothing and adds no row.
    const plan = env.world.gate('loadSweepPlan:seeds');
    const again = await env.startSweep('seeds');
    await plan.reached;
    const update = await again.startUpdate(promoteRunUpdate, {
      args: ['seeds-c0'],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    plan.release();
    expect(await update.result()).toEqual(third);
    await again.result();
    expect(await childrenStarted(again)).toEqual([]);
    expect(env.world.retrainingsOf('seeds')).toHaveLength(6);
  });

  it('with the auto policy the sweep ends only when every replica of every chosen structure has', async () => {
    env.world.addSweep({
      id: 'auto-seeds',
      cells: 2,
      concurrency: 2,
      retrain: { policy: 'auto', topK: 1, baseline: true },
      seeds: 3,
      retrainBehaviour: (r) =>
        r.kind === 'LEARNED' && r.replica === 2 ? { gate: 'auto-seeds-r2' } : 'succeed',
    });
    const handle = await env.startSweep('auto-seeds');
    // Replicas 0 and 1 and their baselines done; replica 2 still training.
    await eventually(
      () =>
        env.world.retrainingsOf('auto-seeds').filter((r) => r.status === 'SUCCEEDED').length === 4,
    );
    await eventually(() =>
      env.world.retrainingsOf('auto-seeds').some((r) => r.replica === 2 && r.status === 'RUNNING'),
    );
    expect(await handle.query(getProgressQuery)).toMatchObject({ phase: 'retraining' });
    expect(env.world.sweep('auto-seeds').statuses).toEqual([]);

    env.world.gate('auto-seeds-r2').release();
    const outcome = await handle.result();
    expect(outcome.status).toBe('SUCCEEDED');
    const learned = env.world.retrainingsOf('auto-seeds').filter((r) => r.kind === 'LEARNED');
    expect([...outcome.retrainingIds].sort()).toEqual(learned.map((r) => r.id).sort());
    expect(rows('auto-seeds').map(([kind, replica, , status]) => [kind, replica, status])).toEqual([
      ['LEARNED', 0, 'SUCCEEDED'],
      ['LEARNED', 1, 'SUCCEEDED'],
      ['LEARNED', 2, 'SUCCEEDED'],
      ['WIDTH_MULTIPLIER', 0, 'SUCCEEDED'],
      ['WIDTH_MULTIPLIER', 1, 'SUCCEEDED'],
      ['WIDTH_MULTIPLIER', 2, 'SUCCEEDED'],
    ]);
  });
});
