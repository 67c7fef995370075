import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TASK_QUEUES, sweepWorkflowId } from '@morphsweep/contracts';
import { applyStructure, countParameters, zooNetwork } from '@morphsweep/morphnet';
import { candidateFrontier } from '@morphsweep/sweeps';
import { sweepWorkflow } from '@morphsweep/workflows';
import { defaultTrainers } from '../default-trainers';
import { createSweep, openHarness, startWorkers, testSpec, type Harness } from './harness';

const training = {
  heartbeatTimeout: '5 seconds',
  initialRetryInterval: '200 milliseconds',
  maximumAttempts: 3,
} as const;

// Candidates and refinement with real training, real Temporal and PostgreSQL.
describe('candidates and refinement end to end', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await openHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('stores every evaluation at every candidate threshold, retrains distinct candidates once and refines inside the budget', async () => {
    const sweepId = await createSweep(
      h.db,
      testSpec({
        grid: { strengths: [1e-8, 1e-6], thresholds: [0.1] },
        candidates: { thresholds: [0.01, 0.1, 0.5] },
        refine: { maxExtraCells: 2, rounds: 2 },
        retrain: {
          policy: 'auto',
          topK: 3,
          budget: {
            steps: 4,
            batchSize: 16,
            learningRate: 0.01,
            evalInterval: 4,
            checkpointInterval: 4,
          },
        },
      }),
    );
    const { set, done } = await startWorkers(h, defaultTrainers());
    try {
      const outcome = await h.client.workflow.execute(sweepWorkflow, {
        taskQueue: TASK_QUEUES.control,
        workflowId: sweepWorkflowId(sweepId),
        args: [sweepId, { training }],
      });
      expect(outcome.status).toBe('SUCCEEDED');
      const runs = await h.db.run.findMany({ where: { sweepId }, orderBy: { cellIndex: 'asc' } });
      // Refinement stays inside its budget; its cells carry their round.
      const refined = runs.filter((r) => r.refineRound !== null);
      expect(runs.length).toBeLessThanOrEqual(4);
      expect(refined.every((r) => r.cellIndex >= 2 && r.refineRound! <= 2)).toBe(true);

      const candidates = await h.db.candidate.findMany({ where: { sweepId } });
      for (const run of runs.filter((r) => r.status === 'SUCCEEDED')) {
        const own = candidates.filter((c) => c.runId === run.id);
        // Evaluations every 5 of 20 steps (fewer if it converged), each at three thresholds
        // (0.1 is the run's own) unless that structure collapsed.
        const steps = [...new Set(own.map((c) => c.step))].sort((a, b) => a - b);
        expect(steps.length).toBeGreaterThan(0);
        expect(own.every((c) => [0.01, 0.1, 0.5].includes(c.threshold))).toBe(true);
        // The run's own structure is its last candidate at its own threshold.
        const last = own.find((c) => c.step === steps.at(-1) && c.threshold === run.threshold);
        expect(last).toMatchObject({ structureHash: run.structureHash, structure: run.structure });
        expect(last!.cost).toBeCloseTo(run.cost!, 6);
        // A higher threshold never keeps more, so never costs more, at the same step.
        for (const step of steps) {
          const at = (t: number) => own.find((c) => c.step === step && c.threshold === t);
          if (at(0.01) && at(0.5)) expect(at(0.5)!.cost).toBeLessThanOrEqual(at(0.01)!.cost);
        }
      }

      const retrainings = await h.db.retraining.findMany({ where: { sweepId, kind: 'LEARNED' } });
      const hashes = new Set(candidates.map((c) => c.structureHash));
      // One retraining per distinct structure on the candidates' frontier (topK 3): 20 steps
      // hardly prune, so the many (run, step, threshold) readings are mostly one structure.
      expect(retrainings.length).toBe(Math.min(3, candidateFrontier(candidates).length));
      expect(new Set(retrainings.map((r) => r.structureHash)).size).toBe(retrainings.length);
      for (const r of retrainings) {
        expect(r.status).toBe('SUCCEEDED');
        expect(hashes.has(r.structureHash)).toBe(true);
        // The network retrained is the candidate's structure applied to the seed.
        const candidate = candidates.find(
          (c) => c.runId === r.sourceRunId && c.structureHash === r.structureHash,
        )!;
        expect(r.parameters).toBe(
          countParameters(
            applyStructure(zooNetwork('fmnist-cnn'), candidate.structure as Record<string, number>),
          ),
        );
      }
    } finally {
      set.shutdown();
      await done;
    }
  });
});
