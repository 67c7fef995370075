import type { Db } from '../prisma-client';
import { Prisma, type RunMetric } from '../../generated/prisma/client';

/** One point of a training curve. */
export interface MetricPoint {
  step: number;
  taskLoss: number;
  regLoss: number;
  cost: number;
  accuracy?: number | null;
  examplesPerSecond?: number | null;
}

/** A stored point of a curve, without its run id and write time. */
export type StoredMetricPoint = Omit<RunMetric, 'runId' | 'createdAt'>;

/** The series of a curve that {@link RunMetricRepository.downsample} keeps the extremes of. */
export const METRIC_SERIES = ['taskLoss', 'regLoss', 'cost', 'accuracy'] as const;

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

  /**
   * One page of the run's curve in step order: up to `limit` points after `afterStep`, and
   * the step to ask after for the next page (null on the last). Keyset on the (run, step)
   * primary key, so a page costs the same at step 0 and at step 100,000.
   */
  async page(
    runId: string,
    { afterStep, limit }: { afterStep: number; limit: number },
  ): Promise<{ items: StoredMetricPoint[]; nextAfterStep: number | null }> {
    const rows = await this.db.runMetric.findMany({
      where: { runId, step: { gt: afterStep } },
      omit: { runId: true, createdAt: true },
      orderBy: { step: 'asc' },
      take: limit + 1,
    });
    const items = rows.slice(0, limit);
    return { items, nextAfterStep: rows.length > limit ? items[items.length - 1]!.step : null };
  }

  /** How many points the run's curve has after `afterStep`. */
  count(runId: string, afterStep = -1): Promise<number> {
    return this.db.runMetric.count({ where: { runId, step: { gt: afterStep } } });
  }

  /**
   * At most `maxPoints` stored points of the curve after `afterStep`, in step order, chosen in
   * the database in one pass: the first and last points, and for each series of
   * {@link METRIC_SERIES} the lowest and the highest point of each of ⌊(maxPoints − 2) / 8⌋
   * buckets of equal step width (ties to the earlier step). Extremes survive (a loss spike or
   * the best accuracy is never averaged away), every point returned is a real row, and a
   * series recorded at only some steps (accuracy, at evaluations) keeps its own extremes.
   * Throws a RangeError below 10.
   */
  async downsample(
    runId: string,
    { afterStep, maxPoints }: { afterStep: number; maxPoints: number },
  ): Promise<StoredMetricPoint[]> {
    if (!Number.isInteger(maxPoints) || maxPoints < 10)
      throw new RangeError(`maxPoints must be an integer of at least 10, got ${maxPoints}`);
    // 2 endpoints + (min, max) × buckets × series ≤ maxPoints.
    const buckets = Math.floor((maxPoints - 2) / (2 * METRIC_SERIES.length));
    // min/max over ARRAY[value, step] is a hash aggregate that also says where the extreme
    // is (arrays compare element by element); no sort, no window. NULL values are skipped.
    const extremes = METRIC_SERIES.flatMap((name) => {
      const pair = Prisma.raw(`CASE WHEN "${name}" IS NOT NULL THEN ARRAY["${name}", step] END`);
      return [Prisma.sql`min(${pair})`, Prisma.sql`max(${pair})`];
    });
    const columns = extremes.map((_, i) => Prisma.raw(`(e${i})`));
    return this.db.$queryRaw<StoredMetricPoint[]>`
      WITH span AS (
        SELECT min(step) AS lo, max(step) AS hi FROM "RunMetric"
        WHERE "runId" = ${runId}::uuid AND step > ${afterStep}),
      bucket AS (
        SELECT ${Prisma.join(extremes.map((e, i) => Prisma.sql`${e} AS ${Prisma.raw(`e${i}`)}`))}
        FROM "RunMetric", span
        WHERE "runId" = ${runId}::uuid AND step > ${afterStep}
        GROUP BY ((step - lo)::bigint * ${buckets}) / (hi - lo + 1))
      SELECT step, "taskLoss", "regLoss", cost, accuracy, "examplesPerSecond" FROM "RunMetric"
      WHERE "runId" = ${runId}::uuid AND step IN (
        SELECT pair[2]::int FROM bucket, LATERAL (VALUES ${Prisma.join(columns)}) AS v(pair)
        WHERE pair IS NOT NULL
        UNION SELECT lo FROM span UNION SELECT hi FROM span)
      ORDER BY step`;
  }

  /** The run's curve in step order; `sinceStep` returns only later points (for live updates). */
  list(runId: string, sinceStep = -1): Promise<RunMetric[]> {
    return this.db.runMetric.findMany({
      where: { runId, step: { gt: sinceStep } },
      orderBy: { step: 'asc' },
    });
  }
}
