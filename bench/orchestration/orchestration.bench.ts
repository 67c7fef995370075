// Orchestration overhead: a sweep of N cells whose training is a no-op (injected here, in the
// benchmark only), fully persisted (run states, one metric point, result, Pareto flags).
// Usage: npx tsx --conditions=@morphsweep/source bench/orchestration/orchestration.bench.ts [N ...]
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import type { LearnStructureFn } from '@morphsweep/activities';
import { TASK_QUEUES } from '@morphsweep/contracts';
import { applyMigrations, createDb, SweepRepository } from '@morphsweep/db';
import { startTestStack } from '@morphsweep/devstack';
import { LocalArtifactStore } from '@morphsweep/storage';
import { sweepWorkflow, sweepWorkflowId } from '@morphsweep/workflows';
import { createWorkerSet } from '../../apps/worker/src/worker-set';

const CONCURRENCY = 10;

const noopTrainer: LearnStructureFn = async (config, hooks) => {
  await hooks.onMetrics?.([
    { step: 1, taskLoss: 1, regLoss: 0, cost: 1 / config.strength, accuracy: 0.5 },
  ]);
  return {
    status: 'succeeded',
    stopReason: 'budget',
    stepsTrained: 1,
    structure: { conv1: 1 },
    structureHash: `h${config.strength}`,
    cost: 1 / config.strength,
    flops: 1,
    modelSize: 1,
    accuracy: 0.5 + config.threshold,
    regLoss: 0,
    backend: 'noop',
  };
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function benchOnce(n: number, temporalAddress: string, databaseUrl: string) {
  const db = createDb(databaseUrl, { maxConnections: 1 });
  const sweepId = randomUUID();
  const strengths = Array.from({ length: n / 2 }, (_, i) => 1e-9 * (i + 1));
  const spec = {
    name: `bench-${n}`,
    seedNetwork: 'fmnist-cnn',
    dataset: { kind: 'synthetic' },
    seed: 0,
    morphnet: { family: 'gamma', resource: 'flops' },
    grid: { strengths, thresholds: [0.01, 0.1] },
    budget: {
      steps: 1,
      batchSize: 1,
      optimizer: 'adam',
      learningRate: 0.01,
      evalInterval: 1,
      checkpointInterval: 1,
    },
    concurrency: CONCURRENCY,
    accelerator: 'cpu',
    retrain: { policy: 'none' },
  };
  await new SweepRepository(db).createWithRuns({
    id: sweepId,
    name: spec.name,
    spec,
    workflowId: sweepWorkflowId(sweepId),
    seedCost: 1e9,
    cells: strengths.flatMap((s, i) =>
      [0.01, 0.1].map((t, j) => ({
        id: randomUUID(),
        cellIndex: i * 2 + j,
        strength: s,
        threshold: t,
      })),
    ),
  });
  const connection = await NativeConnection.connect({ address: temporalAddress });
  const store = new LocalArtifactStore(mkdtempSync(path.join(os.tmpdir(), 'bench-artifacts-')));
  const set = await createWorkerSet({
    connection,
    queues: [TASK_QUEUES.control, TASK_QUEUES.trainCpu],
    trainingSlots: CONCURRENCY,
    deps: { db, store, learnStructure: noopTrainer },
  });
  const running = set.run();
  const clientConnection = await Connection.connect({ address: temporalAddress });
  const client = new Client({ connection: clientConnection });
  const t0 = performance.now();
  const handle = await client.workflow.start(sweepWorkflow, {
    taskQueue: TASK_QUEUES.control,
    workflowId: sweepWorkflowId(sweepId),
    args: [sweepId],
  });
  const outcome = await handle.result();
  const wallS = (performance.now() - t0) / 1000;

  // Every run of the chain (continue-as-new), its history size, and each cell's
  // scheduled→completed time as the workflow saw it.
  const roundTrips: number[] = [];
  const historySizes: number[] = [];
  for await (const wf of client.workflow.list({
    query: `WorkflowId = '${sweepWorkflowId(sweepId)}'`,
  })) {
    const history = await client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
    const events = history.events ?? [];
    historySizes.push(events.length);
    const scheduled = new Map<string, number>();
    for (const e of events) {
      const t = Number(e.eventTime?.seconds ?? 0) * 1000 + (e.eventTime?.nanos ?? 0) / 1e6;
      const a = e.activityTaskScheduledEventAttributes;
      if (a?.activityType?.name === 'learnStructure') scheduled.set(String(e.eventId), t);
      const c = e.activityTaskCompletedEventAttributes;
      const s = c && scheduled.get(String(c.scheduledEventId));
      if (s !== undefined && s !== 0 && c) roundTrips.push(t - s);
    }
  }
  const rows = await db.run.count({ where: { sweepId, status: 'SUCCEEDED' } });
  const metrics = await db.runMetric.count({ where: { run: { sweepId } } });
  set.shutdown();
  await running;
  await clientConnection.close();
  await connection.close();
  await db.$disconnect();
  return {
    cells: n,
    status: outcome.status,
    wallS: +wallS.toFixed(1),
    cellsPerS: +(n / wallS).toFixed(1),
    slotTimePerCellMs: +((wallS * 1000 * CONCURRENCY) / n).toFixed(0),
    medianCellRoundTripMs: +median(roundTrips).toFixed(0),
    runs: historySizes.length,
    historyEvents: historySizes,
    succeededRows: rows,
    metricRows: metrics,
  };
}

async function main() {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((x) => x > 0);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const { info, stop } = await startTestStack({ temporal: true, postgres: 'embedded' });
  try {
    await applyMigrations(info.databaseUrl!);
    for (const n of sizes.length ? sizes : [100, 1000]) {
      console.log(JSON.stringify(await benchOnce(n, info.temporalAddress!, info.databaseUrl!)));
    }
  } finally {
    await stop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
