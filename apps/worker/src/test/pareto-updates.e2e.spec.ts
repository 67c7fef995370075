import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import type { ParetoUpdate, ParetoUpdateInput } from '@morphsweep/activities';
import { TASK_QUEUES, sweepWorkflowId } from '@morphsweep/contracts';
import { sweepWorkflow } from '@morphsweep/workflows';
import { fakeLearnStructure } from './fake-trainer';
import { createSweep, openHarness, startWorkers, testSpec, type Harness } from './harness';

type Payloads = temporal.api.common.v1.IPayloads | null | undefined;
const decode = <T>(p: Payloads) => defaultPayloadConverter.fromPayload<T>(p!.payloads![0]!);

// The sweep workflow's Pareto updates with the real control activities: after a run's first
// update (a full one) each merges the cells that succeeded since into the frontier it wrote.
describe('Pareto updates during a sweep', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await openHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('merges each finished cell once into the last frontier, and ends with the full one', async () => {
    const sweepId = await createSweep(
      h.db,
      testSpec({
        grid: { strengths: [1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4], thresholds: [0.01, 0.1] },
        concurrency: 2,
        budget: {
          steps: 4,
          batchSize: 16,
          learningRate: 0.01,
          evalInterval: 4,
          checkpointInterval: 4,
        },
      }),
    );
    const { set, done } = await startWorkers(h, {
      learnStructure: fakeLearnStructure({ stepMs: 20 }),
    });
    try {
      const outcome = await h.client.workflow.execute(sweepWorkflow, {
        taskQueue: TASK_QUEUES.control,
        workflowId: sweepWorkflowId(sweepId),
        args: [sweepId],
      });
      expect(outcome.status).toBe('SUCCEEDED');

      const history = await h.client.workflow.getHandle(sweepWorkflowId(sweepId)).fetchHistory();
      const events = history.events ?? [];
      const updates = events.flatMap((e) => {
        const a = e.activityTaskScheduledEventAttributes;
        if (a?.activityType?.name !== 'updatePareto') return [];
        const completed = events.find(
          (c) =>
            String(c.activityTaskCompletedEventAttributes?.scheduledEventId) === String(e.eventId),
        );
        return [
          {
            input: decode<ParetoUpdateInput>(a.input),
            result: decode<ParetoUpdate>(completed!.activityTaskCompletedEventAttributes!.result),
          },
        ];
      });
      // The first update reads every run; merges follow, each from the frontier before it,
      // and the last (the final flagging) reads every run again.
      expect(updates[0]!.input.merge).toBeUndefined();
      expect(updates.at(-1)!.input.merge).toBeUndefined();
      const merges = updates.slice(1, -1);
      expect(merges.length).toBeGreaterThan(0);
      for (let i = 1; i < updates.length - 1; i++) {
        expect(updates[i]!.input.merge?.frontier).toEqual(updates[i - 1]!.result.frontier);
      }
      const merged = merges.flatMap((u) => u.input.merge!.succeeded.map((s) => s.runId));
      expect(new Set(merged).size).toBe(merged.length);

      // The merged frontier before the final update is the frontier of every cell.
      expect(updates.at(-2)!.result).toEqual(updates.at(-1)!.result);
      const flagged = await h.db.run.findMany({
        where: { sweepId, paretoOptimal: true },
        select: { id: true },
      });
      expect(flagged.map((r) => r.id).sort()).toEqual([...outcome.frontierRunIds].sort());
    } finally {
      set.shutdown();
      await done;
    }
  });
});
