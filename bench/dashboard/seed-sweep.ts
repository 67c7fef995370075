// Seeds the benchmark's data with plain SQL (generate_series), so the same seed serves the
// API of any commit whose tables have these columns: one sweep of `runs` finished runs with
// short curves, one run of it with a long curve, and `bulkySweeps` other sweeps whose specs
// weigh `bulkySpecBytes` each (what a list with specs pays for).
import { randomUUID } from 'node:crypto';
import { parseSweepSpec, sweepWorkflowId } from '@morphsweep/contracts';
import type { Db } from '@morphsweep/db';
import { exportedWidths } from '@morphsweep/morphnet';
import { seedNetworkOf } from '@morphsweep/sweeps';

export interface SeedOptions {
  runs: number;
  pointsPerRun: number;
  longCurve: number;
  bulkySweeps: number;
  bulkySpecBytes: number;
}

export interface SeededSweep {
  sweepId: string;
  /** The run with the long curve: the most accurate Pareto-optimal run. */
  longRunId: string;
}

const SEED_COST = 932_000;

function spec(name: string, strengths: number, thresholds: number) {
  return {
    name,
    seedNetwork: 'fmnist-cnn',
    dataset: { kind: 'synthetic', subsetSize: 256 },
    morphnet: { family: 'gamma', resource: 'flops' },
    grid: {
      strengths: { logRange: [1e-8, 1e-4], count: strengths },
      thresholds: Array.from({ length: thresholds }, (_, i) => 0.001 + i * 0.001),
    },
    budget: {
      steps: 300,
      batchSize: 32,
      learningRate: 0.01,
      evalInterval: 10,
      checkpointInterval: 100,
    },
  };
}

/** Writes the benchmark's sweeps; returns the big one and its long-curve run. */
export async function seedBenchmarkData(db: Db, o: SeedOptions): Promise<SeededSweep> {
  const thresholds = 100;
  const strengths = Math.ceil(o.runs / thresholds);
  const sweepId = randomUUID();
  const bigSpec = spec(`${o.runs.toLocaleString('en')} runs`, strengths, thresholds);
  const parsed = parseSweepSpec(bigSpec);
  if (!parsed.ok) throw new Error(`the bench's spec does not parse: ${parsed.issues[0]?.message}`);
  const widths = exportedWidths(seedNetworkOf(parsed.spec));
  await db.$executeRaw`
    INSERT INTO "Sweep" (id, name, spec, status, "seedCost", "workflowId", "updatedAt")
    VALUES (${sweepId}::uuid, ${bigSpec.name}, ${JSON.stringify(parsed.spec)}::jsonb, 'SUCCEEDED',
            ${SEED_COST}, ${sweepWorkflowId(sweepId)}, now())`;
  // Cost falls with the strength and the threshold; accuracy with the cost, plus a
  // deterministic jitter; every 37th cell collapsed, every 101st diverged.
  const structure = Object.keys(widths)
    .map((op, i) => `'${op}', 1 + ((i * 7 + ${i}) % ${Math.max(...Object.values(widths))})`)
    .join(', ');
  await db.$executeRawUnsafe(
    `INSERT INTO "Run" (id, "sweepId", "cellIndex", strength, threshold, status, attempt, step,
       progress, structure, "structureHash", flops, cost, accuracy, "regLoss", "errorCode", error,
       "startedAt", "finishedAt", "updatedAt")
     SELECT gen_random_uuid(), $1::uuid, i, 1e-8 * power(10, 4.0 * (i / ${thresholds}) / ${strengths}),
       0.001 + (i % ${thresholds}) * 0.001,
       (CASE WHEN i % 37 = 0 OR i % 101 = 0 THEN 'FAILED' ELSE 'SUCCEEDED' END)::"RunStatus",
       1, 300, 1,
       CASE WHEN i % 37 = 0 OR i % 101 = 0 THEN NULL ELSE jsonb_build_object(${structure}) END,
       CASE WHEN i % 37 = 0 OR i % 101 = 0 THEN NULL ELSE md5(i::text) END,
       c.cost, c.cost,
       CASE WHEN i % 37 = 0 OR i % 101 = 0 THEN NULL
            ELSE least(0.99, 0.45 + 0.35 * ln(c.cost) / ln(${SEED_COST}) + ((i * 7919) % 1000) / 20000.0) END,
       0.1,
       CASE WHEN i % 37 = 0 THEN 'STRUCTURE_COLLAPSED' WHEN i % 101 = 0 THEN 'DIVERGED' END,
       CASE WHEN i % 37 = 0 THEN 'a layer lost every channel' WHEN i % 101 = 0 THEN 'loss is NaN' END,
       now(), now(), now()
     FROM generate_series(0, $2::int - 1) AS i,
     LATERAL (SELECT CASE WHEN i % 37 = 0 OR i % 101 = 0 THEN NULL
       ELSE ${SEED_COST} * exp(-3.0 * (i / ${thresholds}) / ${strengths}) * (1 - 0.5 * (i % ${thresholds}) / ${thresholds})
            * (0.9 + ((i * 104729) % 1000) / 5000.0) END AS cost) AS c`,
    sweepId,
    o.runs,
  );
  // The frontier: runs more accurate than every cheaper run.
  await db.$executeRaw`
    UPDATE "Run" r SET "paretoOptimal" = true FROM (
      SELECT id, accuracy, max(accuracy) OVER (ORDER BY cost, accuracy DESC
        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS better
      FROM "Run" WHERE "sweepId" = ${sweepId}::uuid AND status = 'SUCCEEDED') x
    WHERE r.id = x.id AND (x.better IS NULL OR x.accuracy > x.better)`;
  await db.$executeRaw`
    INSERT INTO "RunMetric" ("runId", step, "taskLoss", "regLoss", cost, accuracy, "examplesPerSecond")
    SELECT r.id, s * 10, 2.3 / (1 + s), 0.1, r.cost * (1 + 1.0 / s), CASE WHEN s % 5 = 0 THEN r.accuracy END, 60
    FROM "Run" r, generate_series(1, ${o.pointsPerRun}::int) AS s
    WHERE r."sweepId" = ${sweepId}::uuid AND r.status = 'SUCCEEDED'`;
  const [long] = await db.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM "Run" WHERE "sweepId" = ${sweepId}::uuid AND "paretoOptimal"
    ORDER BY accuracy DESC LIMIT 1`;
  await db.$executeRaw`DELETE FROM "RunMetric" WHERE "runId" = ${long!.id}::uuid`;
  await db.$executeRaw`
    INSERT INTO "RunMetric" ("runId", step, "taskLoss", "regLoss", cost, accuracy, "examplesPerSecond")
    SELECT ${long!.id}::uuid, s, 2.3 / (1 + s / 100.0) + (s % 97) / 1000.0, 0.1 + sin(s / 50.0) / 20,
      ${SEED_COST} / (1 + s / 1000.0), CASE WHEN s % 100 = 99 THEN 0.5 + s / (4.0 * ${o.longCurve}) END, 60
    FROM generate_series(0, ${o.longCurve}::int - 1) AS s`;
  const filler = 'x'.repeat(o.bulkySpecBytes);
  for (let i = 0; i < o.bulkySweeps; i++) {
    const id = randomUUID();
    await db.$executeRaw`
      INSERT INTO "Sweep" (id, name, spec, status, "seedCost", "workflowId", "updatedAt")
      VALUES (${id}::uuid, ${`bulky ${i}`},
              ${JSON.stringify({ ...spec(`bulky ${i}`, 2, 2), notes: filler })}::jsonb,
              'SUCCEEDED', ${SEED_COST}, ${sweepWorkflowId(id)}, now() - interval '1 hour')`;
  }
  return { sweepId, longRunId: long!.id };
}
