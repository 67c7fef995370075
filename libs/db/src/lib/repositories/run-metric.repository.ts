import type { Db } from '../prisma-client';
import type { RunMetric } from '../../generated/prisma/client';

/** One point of a training curve. */
export interface MetricPoint {
  step: number;
  taskLoss: number;
  regLoss: number;
  cost: number;
  accuracy?: number | null;
  examplesPerSecond?: number | null;
}

// Rows per INSERT: bounded so one statement's parameters stay small.
const BATCH_SIZE = 1000;

/** The RunMetric table: append-mostly training curves. */
export class RunMetricRepository {
  constructor(private readonly db: Db) {}

  /**
   * Appends points in batches of up to 1,000 rows per statement. Keyed by (run, step): a
   * point written again (a retried activity, a resumed run replaying steps) replaces the
   * earlier one, so a curve never holds a step twice.
   */
  async append(runId: string, points: readonly MetricPoint[]): Promise<void> {
    for (let i = 0; i < points.length; i += BATCH_SIZE) {
      const batch = points.slice(i, i + BATCH_SIZE);
      await this.db.$executeRaw`
        INSERT INTO "RunMetric" ("runId", "step", "taskLoss", "regLoss", "cost", "accuracy", "examplesPerSecond")
        SELECT ${runId}::uuid, * FROM unnest(
          ${batch.map((p) => p.step)}::int[],
          ${batch.map((p) => p.taskLoss)}::float8[],
          ${batch.map((p) => p.regLoss)}::float8[],
          ${batch.map((p) => p.cost)}::float8[],
          ${batch.map((p) => p.accuracy ?? null)}::float8[],
          ${batch.map((p) => p.examplesPerSecond ?? null)}::float8[])
        ON CONFLICT ("runId", "step") DO UPDATE SET
          "taskLoss" = EXCLUDED."taskLoss", "regLoss" = EXCLUDED."regLoss",
          "cost" = EXCLUDED."cost", "accuracy" = EXCLUDED."accuracy",
          "examplesPerSecond" = EXCLUDED."examplesPerSecond"`;
    }
  }

  /** The run's curve in step order; `sinceStep` returns only later points (for live updates). */
  list(runId: string, sinceStep = -1): Promise<RunMetric[]> {
    return this.db.runMetric.findMany({
      where: { runId, step: { gt: sinceStep } },
      orderBy: { step: 'asc' },
    });
  }
}
