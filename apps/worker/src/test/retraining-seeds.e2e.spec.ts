import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TASK_QUEUES, retrainingSeed, sweepWorkflowId } from '@morphsweep/contracts';
import { promoteRunUpdate, sweepWorkflow } from '@morphsweep/workflows';
import type { RetrainFn } from '@morphsweep/activities';
import { applyStructure } from '@morphsweep/morphnet';
import { networkCost } from '@morphsweep/sweeps';
import { fakeLearnStructure, fakeRetrain } from './fake-trainer';
import {
  createSweep,
  eventually,
  openHarness,
  startWorkers,
  testSpec,
  type Harness,
} from './harness';

// Several retraining seeds with the real activities on Postgres: the rows, the workflows and
// the seed each retraining is trained with.
describe('retraining seeds end to end', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await openHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a promoted structure is retrained 3 times with 3 seeds, and so is its baseline, once however often promoted', async () => {
    const sweepId = await createSweep(
      h.db,
      testSpec({
        grid: { strengths: [1e-8, 1e-7], thresholds: [0.1] },
        retrain: { policy: 'manual', seeds: 3, baseline: true },
        seed: 5,
      }),
    );
    const trainedSeeds: number[] = [];
    const fake = fakeRetrain();
    const retrain: RetrainFn = (request, options) => {
      trainedSeeds.push(request.seed);
      return fake(request, options);
    };
    // The second cell waits until the promotions are in, so the sweep is still open for them.
    let promotionsDone = () => {};
    const promoting = new Promise<void>((resolve) => (promotionsDone = resolve));
    const learn = fakeLearnStructure();
    let cells = 0;
    const { set, done } = await startWorkers(h, {
      learnStructure: async (config, hooks, options) => {
        if (cells++ > 0) await promoting;
        const result = await learn(config, hooks, options);
        // The fake's cost is a stand-in; the baseline is scaled to the structure's real one.
        const cost = networkCost(applyStructure(config.network, result.structure), config.target);
        return { ...result, cost, flops: cost };
      },
      retrain,
    });
    try {
      const handle = await h.client.workflow.start(sweepWorkflow, {
        taskQueue: TASK_QUEUES.control,
        workflowId: sweepWorkflowId(sweepId),
        args: [sweepId, {}],
      });
      const run = await eventually(() =>
        h.db.run.findFirst({ where: { sweepId, status: 'SUCCEEDED' } }),
      );
      const promoted = await handle.executeUpdate(promoteRunUpdate, { args: [run.id] });
      const again = await handle.executeUpdate(promoteRunUpdate, { args: [run.id] });
      expect(promoted).toMatchObject({ created: true });
      expect(again).toEqual({ ...promoted, created: false });
      expect(promoted.retrainingIds).toHaveLength(3);
      promotionsDone();

      const rows = await eventually(async () => {
        const all = await h.db.retraining.findMany({ where: { sweepId } });
        return all.length === 6 && all.every((r) => r.status === 'SUCCEEDED') && all;
      });
      const seeds = [0, 1, 2].map((replica) => retrainingSeed(5, replica));
      expect(seeds[0]).toBe(5);
      expect(
        rows.map((r) => [r.kind, r.replica, r.seed, r.workflowId.replace(sweepId, 'S')]).sort(),
      ).toEqual([
        ['LEARNED', 0, seeds[0], `retrain-S-${run.structureHash}`],
        ['LEARNED', 1, seeds[1], `retrain-S-${run.structureHash}-r1`],
        ['LEARNED', 2, seeds[2], `retrain-S-${run.structureHash}-r2`],
        ['WIDTH_MULTIPLIER', 0, seeds[0], `retrain-S-${run.structureHash}-width-multiplier`],
        ['WIDTH_MULTIPLIER', 1, seeds[1], `retrain-S-${run.structureHash}-width-multiplier-r1`],
        ['WIDTH_MULTIPLIER', 2, seeds[2], `retrain-S-${run.structureHash}-width-multiplier-r2`],
      ]);
      // Each seed trained twice, the learned structure and its baseline, and nothing else.
      expect(trainedSeeds.sort()).toEqual([...seeds, ...seeds].sort());
      expect(await handle.result()).toMatchObject({ status: 'SUCCEEDED' });
    } finally {
      set.shutdown();
      await done;
    }
  });
});
