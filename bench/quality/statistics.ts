import {
  compareToUniform,
  type RetrainedPoint,
  type UniformComparison,
} from '@morphsweep/contracts';
import type { FamilyResult, Selection, StudyRetraining, StudyRun } from './results';

/** Mean and sample standard deviation of one measurement over seeds. */
export interface SeedStats {
  mean: number;
  /** Sample sd (n − 1); null with fewer than two seeds. */
  sd: number | null;
  n: number;
}

/** Mean and sample sd of `values`; null when there are none. Pure. */
export function seedStats(values: readonly number[]): SeedStats | null {
  if (values.length === 0) return null;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const sd =
    values.length > 1
      ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1))
      : null;
  return { mean, sd, n: values.length };
}

/** One row of a family's table: a chosen run, retrained, against its baseline. */
export interface RowComparison {
  selection: Selection;
  run: StudyRun;
  learned: SeedStats | null;
  /** The width-multiplier baseline trained at the learned structure's cost. */
  uniform: SeedStats | null;
  uniformFraction: number | null;
  /** Learned mean − uniform mean (accuracy, 0–1); null until both have results. */
  gain: number | null;
  /**
   * Learned − uniform per seed, where both trained with the same seed (the product pairs a
   * structure's replica with its baseline's: same initialisation seed and data order), over
   * the seeds both finished; null without a pair.
   */
  paired: SeedStats | null;
  /** The larger of the two seed-to-seed sds: what the gain must exceed. */
  spread: number | null;
  /** gain > spread; null without both sds. */
  beats: boolean | null;
  /** Retrainings finished of those expected (learned + baseline, every seed). */
  finished: number;
  expected: number;
}

const accuracies = (rs: readonly StudyRetraining[]) =>
  rs
    .filter((r) => r.status === 'SUCCEEDED' && r.finalAccuracy !== null)
    .map((r) => r.finalAccuracy as number);

function pairedDifferences(
  learned: readonly StudyRetraining[],
  uniform: readonly StudyRetraining[],
): number[] {
  return learned.flatMap((l) => {
    const u = uniform.find((r) => r.seed !== null && r.seed === l.seed);
    const ok = (r: StudyRetraining | undefined) =>
      r?.status === 'SUCCEEDED' && r.finalAccuracy !== null;
    return l.seed !== null && ok(l) && ok(u)
      ? [(l.finalAccuracy as number) - (u!.finalAccuracy as number)]
      : [];
  });
}

/** Each selected run of `family` against its own width-multiplier baseline. Pure. */
export function compareRows(family: FamilyResult, seeds: number): RowComparison[] {
  return family.selected.flatMap((selection) => {
    const run = family.runs.find((r) => r.id === selection.runId);
    if (!run) return [];
    const mine = family.retrainings.filter((r) => r.sourceRunId === run.id);
    const learnedRows = mine.filter((r) => r.kind === 'LEARNED');
    const uniformRows = mine.filter((r) => r.kind === 'WIDTH_MULTIPLIER');
    const learned = seedStats(accuracies(learnedRows));
    const uniform = seedStats(accuracies(uniformRows));
    const uniformCost = uniformRows.find((r) => r.measuredCost !== null)?.measuredCost ?? null;
    const gain = learned && uniform ? learned.mean - uniform.mean : null;
    const paired = seedStats(pairedDifferences(learnedRows, uniformRows));
    const sds = [learned?.sd, uniform?.sd];
    const spread = sds.every((s) => typeof s === 'number') ? Math.max(...(sds as number[])) : null;
    return [
      {
        selection,
        run,
        learned,
        uniform,
        uniformFraction: uniformCost === null ? null : uniformCost / family.seedCost,
        gain,
        paired,
        spread,
        beats: gain === null || spread === null ? null : gain > spread,
        finished: mine.filter((r) => r.status === 'SUCCEEDED').length,
        expected: 2 * seeds,
      },
    ];
  });
}

/** The retrained points of `kind` in `families`, cost as a fraction of each family's seed. */
export function retrainedPoints(
  families: readonly FamilyResult[],
  kind: StudyRetraining['kind'],
): RetrainedPoint[] {
  return families.flatMap((family) => {
    const bySource = new Map<string, StudyRetraining[]>();
    for (const r of family.retrainings)
      if (r.kind === kind && r.sourceRunId)
        bySource.set(r.sourceRunId, [...(bySource.get(r.sourceRunId) ?? []), r]);
    return [...bySource.values()].flatMap((rows) => {
      const cost = rows.find((r) => r.measuredCost !== null)?.measuredCost;
      const accs = accuracies(rows);
      return cost && accs.length > 0 ? [{ cost: cost / family.seedCost, accuracies: accs }] : [];
    });
  });
}

/**
 * The product's comparison (`compareToUniform`) of `family`'s retrained learned structures
 * against the uniform curve of every family's baselines: they are all the same seed scaled
 * by width, so pooling them gives the curve more points. Costs are fractions of the seed.
 */
export function familyComparison(
  family: FamilyResult,
  all: readonly FamilyResult[],
): UniformComparison {
  return compareToUniform(
    retrainedPoints([family], 'LEARNED'),
    retrainedPoints(all, 'WIDTH_MULTIPLIER'),
  );
}
