// Orchestration overhead at scale: sweeps of N cells whose training is a no-op (injected here,
// in the bench only), everything else real and fully persisted — run states, one metric
// point, the result, Pareto flags — on the Temporal dev server and the real PostgreSQL, served
// by `--workers` worker processes (control and CPU training queues each). Then Optuna, from
// PyPI, runs a grid study over the same strengths × thresholds on the same PostgreSQL server.
// Prints one JSON line per run and a summary of medians.
//
// Usage: npx tsx --conditions=@morphsweep/source bench/orchestration/orchestration.bench.ts
//   [N ...] [--repeats 3] [--workers 2] [--concurrency 200] [--slots 100] [--cells-per-run N]
//   [--optuna-cells 1000] [--no-optuna] [--count-queries] [--cpu-prof DIR (the workers')]
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { applyMigrations, createDb, SweepRepository, type Db } from '@morphsweep/db';
import {
  consoleLog,
  ensureOptuna,
  freePort,
  startPostgresServer,
  startTemporalServer,
} from '@morphsweep/devstack';
import { sweepWorkflowId, TASK_QUEUES } from '@morphsweep/contracts';
import { sweepWorkflow } from '@morphsweep/workflows';
import { bundleWorkflows } from '../../apps/worker/src/worker-set';
import { historyStats } from './history-stats';
import { findProcess, treeCpuSeconds } from './proc-cpu';

const THRESHOLDS = [0.01, 0.1];
const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    repeats: { type: 'string', default: '1' },
    workers: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '200' },
    slots: { type: 'string', default: '100' },
    'cells-per-run': { type: 'string' },
    'optuna-cells': { type: 'string', default: '1000' },
    'no-optuna': { type: 'boolean', default: false },
    'count-queries': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
  },
});
const repeats = Number(flags.repeats);
const workerCount = Number(flags.workers);
const concurrency = Number(flags.concurrency);
const sizes = positionals.length ? positionals.map(Number) : [1000, 10000];
for (const n of [...sizes, Number(flags['optuna-cells'])]) {
  if (!Number.isInteger(n) || n < 2 || n % 2) throw new Error(`cell counts must be even: ${n}`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const round = (x: number, digits = 1) => +x.toFixed(digits);

interface Workers {
  children: ChildProcess[];
  queries(): Promise<number>;
  stop(): Promise<void>;
}

async function startWorkers(temporalAddress: string, databaseUrl: string): Promise<Workers> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-orchestration-'));
  const bundlePath = path.join(dir, 'workflows.js');
  writeFileSync(bundlePath, ((await bundleWorkflows()) as { code: string }).code);
  const children = await Promise.all(
    Array.from({ length: workerCount }, async (_, i) => {
      const child = fork(path.join(__dirname, 'noop-worker.child.ts'), {
        execArgv: [
          '--require',
          'tsx/cjs',
          '--conditions=@morphsweep/source',
          ...(flags['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${flags['cpu-prof']}`] : []),
        ],
        env: {
          ...process.env,
          TEMPORAL_ADDRESS: temporalAddress,
          DATABASE_URL: databaseUrl,
          WORKFLOW_BUNDLE: bundlePath,
          TRAINING_SLOTS: flags.slots,
          ARTIFACTS_DIR: path.join(dir, `artifacts-${i}`),
          COUNT_QUERIES: flags['count-queries'] ? '1' : '0',
        },
      });
      await new Promise<void>((resolve, reject) => {
        child.once('message', () => resolve());
        child.once('exit', (code) => reject(new Error(`bench worker ${i} exited (${code})`)));
      });
      return child;
    }),
  );
  const ask = (child: ChildProcess) =>
    new Promise<number>((resolve) => {
      child.once('message', (m) => resolve((m as { queries: number }).queries));
      child.send('queries');
    });
  return {
    children,
    queries: async () => (await Promise.all(children.map(ask))).reduce((a, b) => a + b, 0),
    stop: async () => {
      await Promise.all(
        children.map((c) => new Promise((resolve) => (c.once('exit', resolve), c.kill('SIGTERM')))),
      );
    },
  };
}

async function createSweep(db: Db, n: number): Promise<string> {
  const sweepId = randomUUID();
  const strengths = Array.from({ length: n / THRESHOLDS.length }, (_, i) => 1e-9 * (i + 1));
  const spec = {
    name: `bench-${n}`,
    seedNetwork: 'fmnist-cnn',
    dataset: { kind: 'synthetic' },
    seed: 0,
    morphnet: { family: 'gamma', resource: 'flops' },
    grid: { strengths, thresholds: THRESHOLDS },
    budget: {
      steps: 1,
      batchSize: 1,
      optimizer: 'adam',
      learningRate: 0.01,
      evalInterval: 1,
      checkpointInterval: 1,
    },
    concurrency,
    accelerator: 'cpu',
    retrain: { policy: 'none' },
  };
  await new SweepRepository(db).createWithRuns({
    id: sweepId,
    name: spec.name,
    spec,
    workflowId: sweepWorkflowId(sweepId),
    seedCost: 1e9,
    cells: strengths.flatMap((strength, i) =>
      THRESHOLDS.map((threshold, j) => ({
        id: randomUUID(),
        cellIndex: i * THRESHOLDS.length + j,
        strength,
        threshold,
      })),
    ),
  });
  return sweepId;
}

/** CPU seconds of each part of the stack so far. */
type CpuMeter = () => Record<string, number>;

async function benchSweep(n: number, db: Db, client: Client, workers: Workers, cpu: CpuMeter) {
  const sweepId = await createSweep(db, n);
  const queriesBefore = flags['count-queries'] ? await workers.queries() : 0;
  const cpuBefore = cpu();
  const loadBefore = os.loadavg()[0]!;
  const t0 = performance.now();
  const outcome = await client.workflow.execute(sweepWorkflow, {
    taskQueue: TASK_QUEUES.control,
    workflowId: sweepWorkflowId(sweepId),
    args: [sweepId, flags['cells-per-run'] ? { cellsPerRun: Number(flags['cells-per-run']) } : {}],
  });
  const wallS = (performance.now() - t0) / 1000;
  const cpuAfter = cpu();
  const loadAfter = os.loadavg()[0]!;
  const queries = flags['count-queries'] ? (await workers.queries()) - queriesBefore : undefined;
  const history = await historyStats(client, sweepWorkflowId(sweepId));
  const [succeeded, metricRows, flagged] = await Promise.all([
    db.run.count({ where: { sweepId, status: 'SUCCEEDED' } }),
    db.runMetric.count({ where: { run: { sweepId } } }),
    db.run.count({ where: { sweepId, paretoOptimal: true } }),
  ]);
  return {
    cells: n,
    status: outcome.status,
    wallS: round(wallS),
    cellsPerS: round(n / wallS),
    medianCellRoundTripMs: round(median(history.cellRoundTripsMs), 0),
    workflowRuns: history.runs,
    historyEvents: history.eventsPerRun.reduce((a, b) => a + b, 0),
    maxEventsPerRun: Math.max(...history.eventsPerRun),
    workflowTasks: history.workflowTasks,
    medianTaskWaitMs: round(median(history.taskWaitsMs), 0),
    medianTaskRunMs: round(median(history.taskRunsMs), 0),
    activities: history.activities,
    ...(queries === undefined ? {} : { sqlPerCell: round(queries / n, 2) }),
    cpuMsPerCell: Object.fromEntries(
      Object.entries(cpuAfter).map(([k, v]) => [k, round(((v - cpuBefore[k]!) * 1000) / n, 2)]),
    ),
    loadAverage: [round(loadBefore, 2), round(loadAfter, 2)],
    succeededRows: succeeded,
    metricRows,
    paretoFlagged: flagged,
    frontier: outcome.frontierRunIds.length,
  };
}

async function benchOptuna(databaseUrl: string, db: Db, cells: number, postgresCpu: () => number) {
  const python = await ensureOptuna(consoleLog);
  await db.$executeRawUnsafe('CREATE DATABASE optuna');
  const url = new URL(databaseUrl);
  url.protocol = 'postgresql+psycopg2:';
  url.pathname = '/optuna';
  const loadBefore = os.loadavg()[0]!;
  const pgBefore = postgresCpu();
  const out = execFileSync(
    python,
    [
      path.join(__dirname, 'optuna-grid.py'),
      '--storage',
      url.toString(),
      '--cells',
      String(cells),
      '--workers',
      String(workerCount),
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const pgCpuS = postgresCpu() - pgBefore;
  await db.$executeRawUnsafe('DROP DATABASE optuna');
  const r = JSON.parse(out.trim().split('\n').pop()!) as {
    trials: number;
    complete: number;
    wallS: number;
    cpuS: number;
  };
  return {
    optunaCells: cells,
    ...r,
    cpuMsPerTrial: {
      optuna: round((r.cpuS * 1000) / r.complete, 2),
      postgres: round((pgCpuS * 1000) / r.complete, 2),
    },
    // The grid covered per second (a trial re-run at the grid's end does not count).
    gridPointsPerS: round(cells / r.wallS),
    loadAverage: [round(loadBefore, 2), round(os.loadavg()[0]!, 2)],
  };
}

async function main() {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const temporal = await startTemporalServer({ port: await freePort(), log: consoleLog });
  const pgPort = await freePort();
  const pg = await startPostgresServer(pgPort);
  let workers: Workers | undefined;
  try {
    await applyMigrations(pg.url);
    const db = createDb(pg.url);
    workers = await startWorkers(temporal.address, pg.url);
    const postmaster = findProcess(
      (argv) => argv[0]!.endsWith('/postgres') && argv.includes(String(pgPort)),
    );
    const cpu: CpuMeter = () => ({
      temporal: treeCpuSeconds(temporal.pid!),
      postgres: postmaster ? treeCpuSeconds(postmaster) : NaN,
      workers: workers!.children.reduce((s, c) => s + treeCpuSeconds(c.pid!), 0),
      bench: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6,
    });
    const connection = await Connection.connect({ address: temporal.address });
    const client = new Client({ connection });
    const results: Array<Awaited<ReturnType<typeof benchSweep>>> = [];
    for (const n of sizes) {
      for (let r = 0; r < repeats; r++) {
        const result = await benchSweep(n, db, client, workers, cpu);
        console.log(JSON.stringify(result));
        results.push(result);
      }
    }
    await workers.stop();
    workers = undefined;
    await connection.close();
    const optuna: Array<Awaited<ReturnType<typeof benchOptuna>>> = [];
    if (!flags['no-optuna']) {
      for (let r = 0; r < repeats; r++) {
        const result = await benchOptuna(pg.url, db, Number(flags['optuna-cells']), () =>
          postmaster ? treeCpuSeconds(postmaster) : NaN,
        );
        console.log(JSON.stringify(result));
        optuna.push(result);
      }
    }
    await db.$disconnect();
    printSummary(results, optuna);
  } finally {
    await workers?.stop();
    await pg.stop();
    await temporal.stop();
  }
}

function printSummary(
  results: Array<Awaited<ReturnType<typeof benchSweep>>>,
  optuna: Array<Awaited<ReturnType<typeof benchOptuna>>>,
) {
  const cpuModel = execFileSync('lscpu', { encoding: 'utf8' }).match(/Model name:\s*(.*)/)?.[1];
  console.log(`\n${process.argv.slice(1).join(' ')}`);
  console.log(`${new Date().toISOString()}, ${cpuModel}, ${os.cpus().length} CPUs`);
  const optunaRate = optuna.length ? median(optuna.map((o) => o.gridPointsPerS)) : NaN;
  if (optuna.length) {
    const o = optuna.map((x) => x.wallS);
    console.log(
      `Optuna: ${optuna[0]!.optunaCells} grid points, trials ${optuna.map((x) => x.complete)}, ` +
        `wall median ${median(o)} s (${o.join(', ')}), ${optunaRate} grid points/s`,
    );
  }
  for (const n of sizes) {
    const rs = results.filter((r) => r.cells === n);
    const rate = median(rs.map((r) => r.cellsPerS));
    console.log(
      `${n} cells: wall median ${median(rs.map((r) => r.wallS))} s (${rs.map((r) => r.wallS)}), ` +
        `${rate} cells/s, round trip ${median(rs.map((r) => r.medianCellRoundTripMs))} ms, ` +
        `${rs[0]!.workflowRuns} runs, ${rs[0]!.historyEvents} events` +
        (optuna.length ? `, ${round(rate / optunaRate)}× Optuna's grid points/s` : ''),
    );
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
