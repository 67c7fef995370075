import type { Selection, StudyRun } from './results';

/** Runs at or above this fraction of the seed's cost pruned nothing worth retraining. */
export const UNPRUNED_FRACTION = 0.95;

/**
 * The frontier runs to retrain, at most one per target fraction of the seed's cost: the
 * succeeded Pareto-optimal runs, paired with targets nearest pair first (distance in log
 * cost), each run, structure (equal structures retrain alike) and target used once. So a
 * lone run goes to the target it is nearest to. Runs that kept at least
 * {@link UNPRUNED_FRACTION} of the seed are never chosen. When the frontier has fewer usable
 * runs than targets, some targets go without; `fraction` says how near each choice came.
 * Ordered by target. Throws for a seed cost that is not positive. Pure.
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
  const pairs = targets
    .flatMap((target) =>
      usable.map((run) => ({
        target,
        run,
        distance: Math.abs(Math.log((run.cost as number) / seedCost / target)),
      })),
    )
    .sort((a, b) => a.distance - b.distance);
  const chosen: Selection[] = [];
  const taken = new Set<string | number>();
  for (const { target, run } of pairs) {
    const structure = `structure:${run.structureHash ?? run.id}`;
    if (taken.has(target) || taken.has(run.id) || taken.has(structure)) continue;
    taken.add(target).add(run.id).add(structure);
    chosen.push({ target, runId: run.id, fraction: (run.cost as number) / seedCost });
  }
  return chosen.sort((a, b) => a.target - b.target);
}
