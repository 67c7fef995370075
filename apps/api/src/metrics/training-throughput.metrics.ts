import { Gauge, type Registry } from 'prom-client';
import type { Db } from '@morphsweep/db';

/** One RUNNING run with its newest reported throughput. */
interface RunningRun {
  id: string;
  sweepId: string;
  backend: string | null;
  /** The later of the run row's last update and its newest curve point. */
  updatedAt: Date;
  examplesPerSecond: number | null;
}

/**
 * Registers the training-throughput gauges, read from the database at scrape time (only
 * RUNNING runs, so the per-run series stay as few as there are training slots, and vanish
 * when a run ends):
 * - `morphsweep_run_examples_per_second{sweep,run,backend}`: each running run's newest
 *   reported throughput (its latest curve point that has one);
 * - `morphsweep_training_examples_per_second{backend}`: their sum per backend;
 * - `morphsweep_run_seconds_since_update{sweep,run,backend}`: seconds since each running run
 *   last wrote a curve point, a checkpoint or a state change: the signal of a stalled training.
 * A failing query leaves them empty rather than failing the scrape.
 */
export function registerTrainingThroughput(registry: Registry, db: Db): void {
  // prom-client collects a scrape's gauges concurrently: they share the query in flight.
  let inFlight: Promise<RunningRun[]> | undefined;
  const runningRuns = (): Promise<RunningRun[]> =>
    (inFlight ??= queryRunningRuns(db)
      .catch(() => [])
      .finally(() => {
        inFlight = undefined;
      }));
  const labels = (r: RunningRun) => ({
    sweep: r.sweepId,
    run: r.id,
    backend: r.backend ?? 'unknown',
  });

  new Gauge({
    name: 'morphsweep_run_examples_per_second',
    help: 'Training throughput of each RUNNING run: examples per second at its latest reported curve point',
    labelNames: ['sweep', 'run', 'backend'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of await runningRuns())
        if (r.examplesPerSecond !== null) this.set(labels(r), r.examplesPerSecond);
    },
  });
  new Gauge({
    name: 'morphsweep_training_examples_per_second',
    help: 'Training throughput summed over RUNNING runs, by backend (0 while runs are RUNNING means training is stuck)',
    labelNames: ['backend'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const sums = new Map<string, number>();
      for (const r of await runningRuns()) {
        const backend = r.backend ?? 'unknown';
        sums.set(backend, (sums.get(backend) ?? 0) + (r.examplesPerSecond ?? 0));
      }
      for (const [backend, sum] of sums) this.set({ backend }, sum);
    },
  });
  new Gauge({
    name: 'morphsweep_run_seconds_since_update',
    help: 'Seconds since each RUNNING run last wrote a curve point, a checkpoint or a state change',
    labelNames: ['sweep', 'run', 'backend'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const now = Date.now();
      for (const r of await runningRuns())
        this.set(labels(r), Math.max(0, (now - r.updatedAt.getTime()) / 1000));
    },
  });
}

// Both newest points are found through the (runId, step) primary key. A curve point does not
// touch the Run row (only checkpoints and state changes do), so the last sign of life is the
// later of the two.
function queryRunningRuns(db: Db): Promise<RunningRun[]> {
  return db.$queryRaw<RunningRun[]>`
    SELECT r."id", r."sweepId", r."backend", t."examplesPerSecond",
           GREATEST(r."updatedAt", p."createdAt") AS "updatedAt"
    FROM "Run" r
    LEFT JOIN LATERAL (
      SELECT "examplesPerSecond" FROM "RunMetric"
      WHERE "runId" = r."id" AND "examplesPerSecond" IS NOT NULL
      ORDER BY "step" DESC LIMIT 1
    ) t ON true
    LEFT JOIN LATERAL (
      SELECT "createdAt" FROM "RunMetric" WHERE "runId" = r."id" ORDER BY "step" DESC LIMIT 1
    ) p ON true
    WHERE r."status" = 'RUNNING'`;
}
