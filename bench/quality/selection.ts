import type { Selection, StudyRun } from './results';

/** Runs at or above this fraction of the seed's cost pruned nothing worth retraining. */
export const UNPRUNED_FRACTION = 0.95;

/**
 * The frontier runs to retrain, one per target fraction of the seed's cost: for each target
 * in turn, the succeeded Pareto-optimal run nearest to it in log cost that no earlier target
 * took and whose structure no earlier choice has (equal structures retrain alike). Runs that
 * kept at least {@link UNPRUNED_FRACTION} of the seed are never chosen. When the frontier has
 * fewer usable runs than targets, some targets go without; the fraction says how near each
 * choice came. Pure.
 */
export function selectFrontierRuns(
  runs: readonly StudyRun[],
  seedCost: number,
  targets: readonly number[],
): Selection[] {
  if (!(seedCost > 0)) throw new Error(`the seed cost must be positive, got ${seedCost}`);
  const usable = runs.filter(
    (r) =>
      r.status === 'SUCCEEDED' &&
      r.paretoOptimal &&
      r.cost !== null &&
      r.cost > 0 &&
      r.cost < UNPRUNED_FRACTION * seedCost,
  );
  const chosen: Selection[] = [];
  const taken = new Set<string>();
  for (const target of targets) {
    let best: { run: StudyRun; distance: number } | undefined;
    for (const run of usable) {
      if (taken.has(run.id) || (run.structureHash && taken.has(run.structureHash))) continue;
      const distance = Math.abs(Math.log((run.cost as number) / seedCost / target));
      if (!best || distance < best.distance) best = { run, distance };
    }
    if (!best) continue;
    taken.add(best.run.id);
    if (best.run.structureHash) taken.add(best.run.structureHash);
    chosen.push({ target, runId: best.run.id, fraction: (best.run.cost as number) / seedCost });
  }
  return chosen;
}
