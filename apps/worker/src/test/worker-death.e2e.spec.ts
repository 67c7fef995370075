import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { TASK_QUEUES } from '@morphsweep/contracts';
import { sweepWorkflow, sweepWorkflowId } from '@morphsweep/workflows';
import { createSweep, eventually, openHarness, startWorkers, testSpec, type Harness } from './harness';

const STEPS = 60;
const CHECKPOINT_INTERVAL = 10;

let h: Harness;
const children: ChildProcess[] = [];

beforeAll(async () => {
  h = await openHarness();
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  await h?.close();
});

function startTrainingWorker(name: string, stepLog: string): Promise<ChildProcess> {
  const child = fork(path.join(__dirname, 'training-worker.child.ts'), {
    execArgv: ['--require', 'tsx/cjs', '--conditions=@morphsweep/source'],
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: inject('stack').temporalAddress!,
      DATABASE_URL: inject('stack').databaseUrl!,
      ARTIFACTS_DIR: h.store.url.replace('file://', ''),
      STEP_LOG: stepLog,
      WORKER_NAME: name,
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

it('a killed worker\'s training resumes on another worker from its last checkpoint', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'worker-death-'));
  const [logA, logB] = [path.join(dir, 'a.log'), path.join(dir, 'b.log')];
  const sweepId = await createSweep(
    h.db,
    testSpec({
      grid: { strengths: [1e-6], thresholds: [0.01] },
      concurrency: 1,
      budget: { steps: STEPS, batchSize: 16, learningRate: 0.01, evalInterval: 10, checkpointInterval: CHECKPOINT_INTERVAL },
    }),
  );
  // The control queue runs here; training only in the child processes.
  const control = await startWorkers(h, {}, [TASK_QUEUES.control]);
  try {
    const a = await startTrainingWorker('worker-a', logA);
    const handle = await h.client.workflow.start(sweepWorkflow, {
      taskQueue: TASK_QUEUES.control,
      workflowId: sweepWorkflowId(sweepId),
      args: [sweepId, { training: { heartbeatTimeout: '4 seconds', initialRetryInterval: '100 milliseconds' } }],
    });
    // Kill it between checkpoints, after the first one is recorded.
    const run = await eventually(() => h.db.run.findFirst({ where: { sweepId, lastCheckpointUri: { not: null } } }));
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
    const metrics = await h.db.runMetric.findMany({ where: { runId: runs[0]!.id }, orderBy: { step: 'asc' } });
    expect(new Set(metrics.map((m) => m.step)).size).toBe(metrics.length);
    const artifacts = await h.db.artifact.findMany({ where: { runId: runs[0]!.id } });
    expect(new Set(artifacts.map((x) => x.uri)).size).toBe(artifacts.length);
  } finally {
    control.set.shutdown();
    await control.done;
  }
});
