import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TASK_QUEUES, sweepWorkflowId } from '@morphsweep/contracts';
import { applyStructure, countParameters, zooNetwork } from '@morphsweep/morphnet';
import {
  cancelSweepSignal,
  getProgressQuery,
  promoteRunUpdate,
  resumeFailedSignal,
  sweepWorkflow,
} from '@morphsweep/workflows';
import { defaultTrainers } from '../default-trainers';
import { fakeLearnStructure, fakeRetrain } from './fake-trainer';
import {
  createSweep,
  eventually,
  openHarness,
  startWorkers,
  testSpec,
  type Harness,
} from './harness';

const training = {
  heartbeatTimeout: '5 seconds',
  initialRetryInterval: '200 milliseconds',
  maximumAttempts: 3,
} as const;

describe('sweepWorkflow end to end', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await openHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  function start(sweepId: string) {
    return h.client.workflow.start(sweepWorkflow, {
      taskQueue: TASK_QUEUES.control,
      workflowId: sweepWorkflowId(sweepId),
      args: [sweepId, { training }],
    });
  }

  it('runs a 3x2 sweep with real training: runs, curves, frontier and auto-retraining in Postgres', async () => {
    const sweepId = await createSweep(
      h.db,
      testSpec({
        retrain: {
          policy: 'auto',
          topK: 2,
          budget: {
            steps: 8,
            batchSize: 16,
            learningRate: 0.01,
            evalInterval: 8,
            checkpointInterval: 8,
          },
        },
      }),
    );
    const { set, done } = await startWorkers(h, defaultTrainers());
    try {
      const handle = await start(sweepId);
      const outcome = await handle.result();
      expect(outcome.status).toBe('SUCCEEDED');
      expect(outcome.counts).toEqual({
        QUEUED: 0,
        RUNNING: 0,
        SUCCEEDED: 6,
        FAILED: 0,
        CANCELLED: 0,
      });

      const runs = await h.db.run.findMany({ where: { sweepId }, orderBy: { cellIndex: 'asc' } });
      expect(runs.map((r) => r.status)).toEqual(Array(6).fill('SUCCEEDED'));
      expect(runs.every((r) => r.cost !== null && r.accuracy !== null && r.structureHash)).toBe(
        true,
      );
      const metricCounts = await h.db.runMetric.groupBy({
        by: ['runId'],
        where: { run: { sweepId } },
        _count: { _all: true },
      });
      // Evaluation every 5 of 20 steps: 4 points per curve (fewer if a run converged early).
      expect(metricCounts.length).toBe(6);
      expect(metricCounts.every((m) => m._count._all >= 1 && m._count._all <= 4)).toBe(true);

      const flagged = runs
        .filter((r) => r.paretoOptimal)
        .map((r) => r.id)
        .sort();
      expect(flagged.length).toBeGreaterThan(0);
      expect(flagged).toEqual([...outcome.frontierRunIds].sort());
      // 20 steps rarely prune anything, so the frontier may sit at the seed cost (hypervolume 0).
      const { seedCost } = await h.db.sweep.findUniqueOrThrow({ where: { id: sweepId } });
      expect(runs.every((r) => r.cost! <= seedCost! * (1 + 1e-9))).toBe(true);
      expect(outcome.hypervolume).toBeGreaterThanOrEqual(0);

      const retrainings = await h.db.retraining.findMany({ where: { sweepId } });
      expect(retrainings.length).toBe(
        Math.min(
          2,
          new Set(flagged.map((id) => runs.find((r) => r.id === id)!.structureHash)).size,
        ),
      );
      expect(retrainings.every((r) => r.status === 'SUCCEEDED' && r.trigger === 'AUTO')).toBe(true);
      expect(
        retrainings.every(
          (r) => r.finalAccuracy !== null && r.measuredCost !== null && r.parameters !== null,
        ),
      ).toBe(true);
      // Trainable parameters of the slimmed network (not its model size, which leaves out biases and batch norm).
      for (const r of retrainings) {
        const source = runs.find((run) => run.id === r.sourceRunId)!;
        expect(r.parameters).toBe(
          countParameters(
            applyStructure(zooNetwork('fmnist-cnn'), source.structure as Record<string, number>),
          ),
        );
      }
      expect(new Set(retrainings.map((r) => r.structureHash)).size).toBe(retrainings.length);
      expect((await h.db.sweep.findUniqueOrThrow({ where: { id: sweepId } })).status).toBe(
        'SUCCEEDED',
      );

      if (process.env['RECORD_HISTORY']) {
        const history = await handle.fetchHistory();
        // Process ids and host names stay out of the committed fixture.
        const json = historyToJSON(history)
          .replace(/"identity": "[^"]*"/g, '"identity": "morphsweep-worker-test"')
          .replace(/"name": "\d+@[^"]*-[0-9a-f]{32}"/g, '"name": "morphsweep-worker-test-sticky"');
        writeFileSync(path.join(__dirname, 'histories', 'sweep.v1.json'), json);
      }
    } finally {
      set.shutdown();
      await done;
    }
  });

  it('resumeFailed re-runs only the failed cells, from their last checkpoint', async () => {
    const sweepId = await createSweep(h.db, testSpec());
    const failing = fakeLearnStructure({ failStrengths: new Set([1e-7]) });
    const first = await startWorkers(h, { learnStructure: failing, retrain: fakeRetrain() });
    let outcome;
    try {
      outcome = await (await start(sweepId)).result();
    } finally {
      first.set.shutdown();
      await first.done;
    }
    expect(outcome.status).toBe('FAILED');
    expect(outcome.counts.FAILED).toBe(2);
    const failed = await h.db.run.findMany({ where: { sweepId, status: 'FAILED' } });
    expect(failed.map((r) => [r.strength, r.errorCode])).toEqual([
      [1e-7, 'NON_FINITE_LOSS'],
      [1e-7, 'NON_FINITE_LOSS'],
    ]);
    expect(failed.every((r) => r.lastCheckpointUri?.endsWith('checkpoint-000000005.bin'))).toBe(
      true,
    );

    const firstSteps: number[] = [];
    const fixed = fakeLearnStructure({ onStep: (s) => firstSteps.push(s) });
    const second = await startWorkers(h, { learnStructure: fixed, retrain: fakeRetrain() });
    try {
      const handle = await h.client.workflow.signalWithStart(sweepWorkflow, {
        taskQueue: TASK_QUEUES.control,
        workflowId: sweepWorkflowId(sweepId),
        args: [sweepId, { training }],
        signal: resumeFailedSignal,
      });
      const resumed = await handle.result();
      expect(resumed.status).toBe('SUCCEEDED');
    } finally {
      second.set.shutdown();
      await second.done;
    }
    // Two cells, each resumed at step 5 of 20: steps 6..20 twice, nothing else re-ran.
    expect(firstSteps.length).toBe(30);
    expect(Math.min(...firstSteps)).toBe(6);
    const runs = await h.db.run.findMany({ where: { sweepId } });
    expect(runs.filter((r) => r.attempt === 2).map((r) => r.strength)).toEqual([1e-7, 1e-7]);
    expect(runs.every((r) => r.status === 'SUCCEEDED')).toBe(true);
  });

  it('a corrupt newest checkpoint falls back to the previous good one; only the newest checkpoints are kept', async () => {
    const sweepId = await createSweep(
      h.db,
      testSpec({
        grid: { strengths: [1e-7], thresholds: [0.01] },
        // Checkpoints at 5 and 10; the non-finite loss surfaces at the evaluation of step 15.
        budget: {
          steps: 20,
          batchSize: 16,
          learningRate: 0.01,
          evalInterval: 15,
          checkpointInterval: 5,
        },
      }),
    );
    const deps = { retrain: fakeRetrain(), checkpointsKept: 2 };
    const failing = fakeLearnStructure({ failStrengths: new Set([1e-7]) });
    const first = await startWorkers(h, { ...deps, learnStructure: failing });
    try {
      expect((await (await start(sweepId)).result()).status).toBe('FAILED');
    } finally {
      first.set.shutdown();
      await first.done;
    }
    const [failed] = await h.db.run.findMany({ where: { sweepId } });
    expect(failed!.lastCheckpointUri).toMatch(/checkpoint-000000010\.bin$/);
    // The newest checkpoint is torn: its bytes no longer match the recorded SHA-256.
    writeFileSync(fileURLToPath(failed!.lastCheckpointUri!), 'torn');

    const steps: number[] = [];
    const fixed = fakeLearnStructure({ onStep: (s) => steps.push(s) });
    const second = await startWorkers(h, { ...deps, learnStructure: fixed });
    try {
      const handle = await h.client.workflow.signalWithStart(sweepWorkflow, {
        taskQueue: TASK_QUEUES.control,
        workflowId: sweepWorkflowId(sweepId),
        args: [sweepId, { training }],
        signal: resumeFailedSignal,
      });
      expect((await handle.result()).status).toBe('SUCCEEDED');
    } finally {
      second.set.shutdown();
      await second.done;
    }
    // Resumed from step 5, the checkpoint before the torn one: steps 6..20, once each.
    expect([Math.min(...steps), steps.length]).toEqual([6, 15]);
    const run = await h.db.run.findUniqueOrThrow({ where: { id: failed!.id } });
    expect([run.status, run.attempt]).toEqual(['SUCCEEDED', 2]);
    // Checkpoints at 5, 10 (rewritten) and 15: the two newest stay, rows and objects.
    const rows = await h.db.artifact.findMany({
      where: { runId: run.id, kind: 'CHECKPOINT' },
      orderBy: { uri: 'asc' },
    });
    expect(rows.map((r) => r.uri.slice(-8))).toEqual(['0010.bin', '0015.bin']);
    const objects = await h.store.list(`runs/${run.id}/`);
    expect(objects.map((o) => o.key.slice(-8))).toEqual(['0010.bin', '0015.bin']);
  });

  it('promote starts a retraining; cancel stops running cells promptly and marks them CANCELLED', async () => {
    const sweepId = await createSweep(
      h.db,
      testSpec({
        concurrency: 2,
        budget: {
          steps: 400,
          batchSize: 16,
          learningRate: 0.01,
          evalInterval: 50,
          checkpointInterval: 50,
        },
      }),
    );
    const quick = fakeLearnStructure({ stepMs: 2 });
    const slow = fakeLearnStructure({ stepMs: 25 });
    // The first cell finishes quickly; the rest train slowly enough to be cancelled mid-way.
    let calls = 0;
    const { set, done } = await startWorkers(h, {
      learnStructure: (c, hooks, o) => (calls++ === 0 ? quick : slow)(c, hooks, o),
      retrain: fakeRetrain(),
    });
    try {
      const handle = await start(sweepId);
      const succeeded = await eventually(() =>
        h.db.run.findFirst({ where: { sweepId, status: 'SUCCEEDED' } }),
      );
      const promoted = await handle.executeUpdate(promoteRunUpdate, { args: [succeeded.id] });
      expect(promoted.created).toBe(true);
      const again = await handle.executeUpdate(promoteRunUpdate, { args: [succeeded.id] });
      expect(again).toEqual({ ...promoted, created: false });
      await expect(handle.executeUpdate(promoteRunUpdate, { args: [''] })).rejects.toMatchObject({
        cause: { message: expect.stringMatching(/run id/) },
      });

      await eventually(async () => (await handle.query(getProgressQuery)).counts.RUNNING === 2);
      await handle.signal(cancelSweepSignal);
      const outcome = await handle.result();
      expect(outcome.status).toBe('CANCELLED');
      const runs = await h.db.run.findMany({ where: { sweepId } });
      expect(runs.filter((r) => r.status === 'SUCCEEDED').length).toBe(1);
      expect(runs.filter((r) => r.status === 'CANCELLED').length).toBe(5);
      expect(runs.filter((r) => r.status === 'CANCELLED' && r.startedAt !== null).length).toBe(2);
      // Promptness without a clock: the cancelled cells stopped before their 400 steps.
      expect(runs.filter((r) => r.status === 'CANCELLED').every((r) => r.step < 400)).toBe(true);

      const retraining = await eventually(() =>
        h.db.retraining.findFirst({ where: { id: promoted.retrainingId, status: 'SUCCEEDED' } }),
      );
      expect(retraining.trigger).toBe('PROMOTED');
      expect(retraining.sourceRunId).toBe(succeeded.id);
    } finally {
      set.shutdown();
      await done;
    }
  });
});
