import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TASK_QUEUES, sweepWorkflowId } from '@morphsweep/contracts';
import { recordHistory } from '../../test/histories';
import { openTestEnv, testTraining, type TestEnv } from '../../test/test-env';
import type { FakeCellResult } from '../../test/fake-world';
import { resumeFailedSignal } from './sweep.messages';
import { sweepWorkflow } from './sweep.workflow';

// A fake MorphNet response: strengths up to 3e-8 keep the whole seed (cost 1000), stronger
// ones prune it (cost ∝ 1/strength, accuracy falling), and beyond 5e-7 it collapses.
function outcomeAt(strength: number): Partial<FakeCellResult> | 'collapsed' {
  if (strength > 5e-7) return 'collapsed';
  if (strength <= 3e-8) return { cost: 1000, accuracy: 0.9, structureHash: 'seed' };
  const cost = Math.round((1000 * 3e-8) / strength);
  return { cost, accuracy: 0.6 + cost / 5000, structureHash: `pruned-${cost}` };
}

const grid = { strengths: [1e-8, 1e-6, 1e-4], thresholds: [0.1] };

// Adaptive grid refinement on the real dev server, fake training over an in-memory world.
describe('sweepWorkflow with adaptive grid refinement', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await openTestEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  const strengthsOf = (sweepId: string) =>
    env.world.runsOf(sweepId).map((r) => [r.strength.toExponential(2), r.refineRound ?? 0]);

  it('adds a strength between the seed and the collapse, then in the frontier gap, inside the budget', async () => {
    env.world.addSweep({
      id: 'refined',
      cells: 3,
      grid,
      concurrency: 2,
      refine: { maxExtraCells: 3, rounds: 2 },
      outcomeAt: (s) => outcomeAt(s),
    });
    const handle = await env.startSweep('refined');
    const outcome = await handle.result();
    // Round 1: nothing was pruned, so the only lead is the seed | collapse bracket (1e-8, 1e-6).
    // Round 2: 1e-7 pruned to cost 300; the widest frontier gap is 300 → 1000.
    expect(strengthsOf('refined')).toEqual([
      ['1.00e-8', 0],
      ['1.00e-6', 0],
      ['1.00e-4', 0],
      ['1.00e-7', 1],
      ['3.16e-8', 2],
    ]);
    const runs = env.world.runsOf('refined');
    expect(outcome).toMatchObject({
      status: 'SUCCEEDED',
      counts: { SUCCEEDED: 3, FAILED: 2, QUEUED: 0 },
      collapsed: 2,
      frontierRunIds: [runs[3]!.id, runs[4]!.id, runs[0]!.id],
    });
    // Every cell, refined ones included, was trained exactly once.
    expect(runs.map((r) => r.attempts)).toEqual([1, 1, 1, 1, 1]);
    await recordHistory('sweep-refined', handle);
  });

  it('never adds more cells than maxExtraCells, whatever the rounds', async () => {
    env.world.addSweep({
      id: 'refine-budget',
      cells: 3,
      grid: { strengths: [1e-8, 1e-6, 1e-4], thresholds: [0.1, 0.2] },
      concurrency: 4,
      refine: { maxExtraCells: 1, rounds: 5 },
      outcomeAt: (s) => outcomeAt(s),
    });
    const outcome = await (await env.startSweep('refine-budget')).result();
    // Two brackets (one per threshold) qualify; the budget takes the first (lower threshold).
    expect(env.world.runsOf('refine-budget').filter((r) => r.refineRound)).toMatchObject([
      { threshold: 0.1, refineRound: 1 },
    ]);
    expect(outcome.counts.SUCCEEDED + outcome.counts.FAILED).toBe(7);
  });

  it('does not refine a sweep whose spec does not ask for it', async () => {
    env.world.addSweep({ id: 'unrefined', cells: 3, grid, concurrency: 2, outcomeAt });
    await (await env.startSweep('unrefined')).result();
    expect(env.world.runsOf('unrefined')).toHaveLength(3);
    expect(env.world.sweep('unrefined').refineCalls).toBe(0);
  });

  it('keeps refining across continue-as-new, and a resume afterwards adds nothing', async () => {
    env.world.addSweep({
      id: 'refine-rotate',
      cells: 3,
      grid,
      concurrency: 1,
      refine: { maxExtraCells: 4, rounds: 2 },
      outcomeAt: (s) => outcomeAt(s),
      // The first cell fails once by a fault, so the sweep ends FAILED and is resumed.
      learn: (r) =>
        r.index === 0 && r.attempts === 1
          ? { fail: 'INFRASTRUCTURE' }
          : r.collapses
            ? { fail: 'STRUCTURE_COLLAPSED' }
            : 'succeed',
    });
    const handle = await env.startSweep('refine-rotate', {
      training: testTraining,
      cellsPerRun: 2,
    });
    const first = await handle.result();
    // Without the seed cell's result there is no bracket; the frontier has one point: no gaps.
    expect(first).toMatchObject({ status: 'FAILED', counts: { FAILED: 3, SUCCEEDED: 0 } });
    expect(env.world.runsOf('refine-rotate')).toHaveLength(3);

    const resumed = await env.client.workflow.signalWithStart(sweepWorkflow, {
      taskQueue: TASK_QUEUES.control,
      workflowId: sweepWorkflowId('refine-rotate'),
      args: ['refine-rotate', { training: testTraining, cellsPerRun: 2 }],
      signal: resumeFailedSignal,
    });
    const second = await resumed.result();
    // The resumed seed cell gives the bracket: rounds 1 and 2 run in the resumed workflow,
    // across its continue-as-new rotations (2 cells per run).
    expect(strengthsOf('refine-rotate').slice(3)).toEqual([
      ['1.00e-7', 1],
      ['3.16e-8', 2],
    ]);
    expect(second).toMatchObject({ status: 'SUCCEEDED', counts: { SUCCEEDED: 3, FAILED: 2 } });
    const runs = env.world.runsOf('refine-rotate');
    expect(runs.map((r) => r.attempts)).toEqual([2, 1, 1, 1, 1]);

    // Both rounds are spent: resuming again finds nothing to requeue and adds no cell.
    const again = await env.client.workflow.signalWithStart(sweepWorkflow, {
      taskQueue: TASK_QUEUES.control,
      workflowId: sweepWorkflowId('refine-rotate'),
      args: ['refine-rotate', { training: testTraining, cellsPerRun: 2 }],
      signal: resumeFailedSignal,
    });
    await again.result();
    expect(env.world.runsOf('refine-rotate')).toHaveLength(5);
  });
});
