import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, inject, it } from 'vitest';
import { WorkflowNotFoundError } from '@temporalio/client';
import { TASK_QUEUES, sweepWorkflowId } from '@morphsweep/contracts';
import { sweepWorkflow } from '@morphsweep/workflows';
import { checkpointStepOf } from '@morphsweep/activities';
import {
  createSweep,
  eventually,
  openHarness,
  startWorkers,
  testSpec,
  type Harness,
} from './harness';

const STEPS = 60;
const CHECKPOINT_INTERVAL = 10;

let h: Harness;
const children: ChildProcess[] = [];

beforeAll(async () => {
  h = await openHarness();
});
// Each test's workers end with it: a worker left polling the training queue would take the
// next test's retried attempts.
afterEach(async () => {
  const running = children.splice(0).filter((c) => c.exitCode === null && c.signalCode === null);
  await Promise.all(
    running.map((c) => new Promise((resolve) => (c.once('exit', resolve), c.kill('SIGTERM')))),
  );
});
afterAll(async () => {
  await h?.close();
});

function startTrainingWorker(
  name: string,
  stepLog: string,
  retrain?: { stepLog: string; stallAtStep?: number },
): Promise<ChildProcess> {
  const child = fork(path.join(__dirname, 'training-worker.child.ts'), {
    execArgv: ['--require', 'tsx/cjs', '--conditions=@morphsweep/source'],
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: inject('stack').temporalAddress!,
      DATABASE_URL: inject('stack').databaseUrl!,
      ARTIFACTS_DIR: h.store.url.replace('file://', ''),
      STEP_LOG: stepLog,
      WORKER_NAME: name,
      ...(retrain ? { RETRAIN_STEP_LOG: retrain.stepLog } : {}),
      ...(retrain?.stallAtStep ? { RETRAIN_STALL_AT_STEP: String(retrain.stallAtStep) } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
}

const stepsIn = (file: string) =>
  existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number) : [];

/** The training heartbeat Temporal holds for a workflow's pending activity, if any. */
async function pendingHeartbeat(
  workflowId: string,
): Promise<{ step: number; checkpointUri?: string; checkpointStep?: number } | undefined> {
  const described = await h.client.workflow
    .getHandle(workflowId)
    .describe()
    .catch((error: unknown) => {
      if (error instanceof WorkflowNotFoundError) return undefined; // not started yet
      throw error;
    });
  const payload = described?.raw.pendingActivities?.[0]?.heartbeatDetails?.payloads?.[0]?.data;
  return payload ? JSON.parse(Buffer.from(payload).toString('utf8')) : undefined;
}

it("a killed worker's training resumes on another worker from its last checkpoint", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'worker-death-'));
  const [logA, logB] = [path.join(dir, 'a.log'), path.join(dir, 'b.log')];
  const sweepId = await createSweep(
    h.db,
    testSpec({
      grid: { strengths: [1e-6], thresholds: [0.01] },
      concurrency: 1,
      budget: {
        steps: STEPS,
        batchSize: 16,
        learningRate: 0.01,
        evalInterval: 10,
        checkpointInterval: CHECKPOINT_INTERVAL,
      },
    }),
  );
  // The control queue runs here; training only in the child processes.
  const control = await startWorkers(h, {}, [TASK_QUEUES.control]);
  try {
    const a = await startTrainingWorker('worker-a', logA);
    const handle = await h.client.workflow.start(sweepWorkflow, {
      taskQueue: TASK_QUEUES.control,
      workflowId: sweepWorkflowId(sweepId),
      args: [
        sweepId,
        { training: { heartbeatTimeout: '4 seconds', initialRetryInterval: '100 milliseconds' } },
      ],
    });
    // Kill it between checkpoints, after the first one is recorded.
    const run = await eventually(() =>
      h.db.run.findFirst({ where: { sweepId, lastCheckpointUri: { not: null } } }),
    );
    await eventually(async () => stepsIn(logA).at(-1)! >= run.step + 3);
    a.kill('SIGKILL');
    await startTrainingWorker('worker-b', logB);

    const outcome = await handle.result();
    expect(outcome.status).toBe('SUCCEEDED');

    const [stepsA, stepsB] = [stepsIn(logA), stepsIn(logB)];
    const resumedAt = stepsB[0]! - 1;
    expect(resumedAt % CHECKPOINT_INTERVAL).toBe(0);
    expect(resumedAt).toBeGreaterThan(0);
    expect(stepsB.at(-1)).toBeLessThanOrEqual(STEPS);
    expect(stepsA.length + stepsB.length).toBeLessThanOrEqual(STEPS + CHECKPOINT_INTERVAL);

    const runs = await h.db.run.findMany({ where: { sweepId } });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'SUCCEEDED', workerIdentity: 'worker-b' });
    expect(runs[0]!.attempt).toBeGreaterThanOrEqual(2);
    const metrics = await h.db.runMetric.findMany({
      where: { runId: runs[0]!.id },
      orderBy: { step: 'asc' },
    });
    expect(new Set(metrics.map((m) => m.step)).size).toBe(metrics.length);
    const artifacts = await h.db.artifact.findMany({ where: { runId: runs[0]!.id } });
    expect(new Set(artifacts.map((x) => x.uri)).size).toBe(artifacts.length);
  } finally {
    control.set.shutdown();
    await control.done;
  }
});

it("a killed worker's retraining resumes on another worker from its last checkpoint, not from step 0", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'worker-death-retrain-'));
  const [learnLog, logA, logB] = [
    path.join(dir, 'learn.log'),
    path.join(dir, 'a.log'),
    path.join(dir, 'b.log'),
  ];
  // 128 images less 10 % validation = 115 training images: 7 steps an epoch; 160 budget steps
  // of 16 images cover ⌈2,560 / 115⌉ = 23 epochs (epochsForSteps), 161 steps.
  const RETRAIN_STEPS = 161;
  const sweepId = await createSweep(
    h.db,
    testSpec({
      grid: { strengths: [1e-6], thresholds: [0.01] },
      concurrency: 1,
      budget: {
        steps: 5,
        batchSize: 16,
        learningRate: 0.01,
        evalInterval: 5,
        checkpointInterval: 5,
      },
      retrain: {
        policy: 'auto',
        topK: 1,
        budget: {
          steps: 160,
          batchSize: 16,
          learningRate: 0.01,
          evalInterval: 160,
          checkpointInterval: CHECKPOINT_INTERVAL,
        },
      },
    }),
  );
  const control = await startWorkers(h, {}, [TASK_QUEUES.control]);
  try {
    // worker-a hangs in its step-60 checkpoint save, so it is still mid-retraining when
    // Temporal (heartbeats throttled to one per 3.2 s here) has seen an earlier checkpoint.
    const a = await startTrainingWorker('worker-a', learnLog, { stepLog: logA, stallAtStep: 60 });
    const handle = await h.client.workflow.start(sweepWorkflow, {
      taskQueue: TASK_QUEUES.control,
      workflowId: sweepWorkflowId(sweepId),
      args: [
        sweepId,
        { training: { heartbeatTimeout: '4 seconds', initialRetryInterval: '100 milliseconds' } },
      ],
    });
    const retraining = await eventually(() => h.db.retraining.findFirst({ where: { sweepId } }));
    // Kill it once Temporal holds a heartbeat naming a checkpoint, a few steps past it.
    const heartbeat = await eventually(async () => {
      const details = await pendingHeartbeat(retraining.workflowId);
      return details?.checkpointUri && stepsIn(logA).at(-1)! >= details.checkpointStep! + 3
        ? details
        : undefined;
    });
    a.kill('SIGKILL');
    await startTrainingWorker('worker-b', path.join(dir, 'learn-b.log'), { stepLog: logB });

    const outcome = await handle.result();
    expect(outcome.status).toBe('SUCCEEDED');
    const done = await eventually(() =>
      h.db.retraining.findFirst({
        where: { id: retraining.id, status: { in: ['SUCCEEDED', 'FAILED'] } },
      }),
    );
    expect(done).toMatchObject({ status: 'SUCCEEDED', trigger: 'AUTO' });
    expect(done.finalAccuracy).not.toBeNull();

    const [stepsA, stepsB] = [stepsIn(logA), stepsIn(logB)];
    expect(stepsA[0]).toBe(1);
    expect(stepsA.at(-1)).toBeLessThanOrEqual(60);
    const resumedAt = stepsB[0]! - 1;
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeGreaterThanOrEqual(heartbeat.checkpointStep!);
    // Every attempt starts right after a checkpoint (on a loaded machine a 4 s heartbeat
    // timeout can retry worker-b's attempt too) and the last one trains to the end.
    const starts = [...stepsA, ...stepsB].filter(
      (step, i, all) => i === 0 || step !== all[i - 1]! + 1,
    );
    expect(starts.every((step) => (step - 1) % CHECKPOINT_INTERVAL === 0)).toBe(true);
    expect(starts.filter((step) => step === 1)).toHaveLength(1);
    expect(stepsB.at(-1)).toBe(RETRAIN_STEPS);
    const artifacts = await h.db.artifact.findMany({
      where: { retrainingId: retraining.id, kind: 'CHECKPOINT' },
    });
    expect(new Set(artifacts.map((x) => x.uri)).size).toBe(artifacts.length);
    // Every 10 steps and the last, one artifact each however often a step was checkpointed;
    // of those only the newest three are kept (rows and objects), worker-a's included.
    const kept = [150, 160, RETRAIN_STEPS];
    expect(artifacts.map((x) => checkpointStepOf(x.uri)).sort((x, y) => x! - y!)).toEqual(kept);
    const objects = await h.store.list(`retrainings/${retraining.id}/`);
    expect(objects.map((o) => checkpointStepOf(o.key))).toEqual(kept);
  } finally {
    control.set.shutdown();
    await control.done;
  }
});
