import type { Selection, StudyRun } from './results';

/** Runs at or above this fraction of the seed's cost pruned nothing worth retraining. */
export const UNPRUNED_FRACTION = 0.95;

/**
 * A run stands for a target only within this factor of it (either side): a structure with
 * 88 % of the seed's FLOPs says nothing about 50 % (medium's FiGS structures all kept 88–89 %).
 */
export const MAX_TARGET_RATIO = 1.5;

const near = (fraction: number, target: number) =>
  Math.abs(Math.log(fraction / target)) <= Math.log(MAX_TARGET_RATIO);

const structureOf = (run: StudyRun) => `structure:${run.structureHash ?? run.id}`;

// Pairs free targets with free runs, nearest pair first (distance in log cost).
function pair(
  runs: readonly StudyRun[],
  seedCost: number,
  targets: readonly number[],
  taken: Set<string | number>,
  onFrontier: boolean,
): Selection[] {
  const pairs = targets
    .flatMap((target) =>
      runs.map((run) => ({
        target,
        run,
        distance: Math.abs(Math.log((run.cost as number) / seedCost / target)),
      })),
    )
    .filter((p) => p.distance <= Math.log(MAX_TARGET_RATIO))
    .sort((a, b) => a.distance - b.distance);
  const chosen: Selection[] = [];
  for (const { target, run } of pairs) {
    if (taken.has(target) || taken.has(run.id) || taken.has(structureOf(run))) continue;
    taken.add(target).add(run.id).add(structureOf(run));
    chosen.push({ target, runId: run.id, fraction: (run.cost as number) / seedCost, onFrontier });
  }
  return chosen;
}

/**
 * The runs to retrain, at most one per target fraction of the seed's cost. `kept` choices
 * (already promoted) stay and hold their targets, runs and structures. Free targets are
 * paired first with the succeeded Pareto-optimal runs, then — for targets the frontier
 * cannot serve, since the proxy accuracy after a short structure learning is noisy enough
 * that one run can dominate its neighbours — with the other succeeded runs (`onFrontier`
 * false). Pairs go nearest first (distance in log cost), each run, structure (equal
 * structures retrain alike) and target once, so a lone run goes to the target it is nearest
 * to, and only within {@link MAX_TARGET_RATIO} of it (kept choices too). Runs that kept at
 * least {@link UNPRUNED_FRACTION} of the seed are never chosen; with fewer usable runs than
 * targets some targets go without. Ordered by target. Throws for a
 * seed cost that is not positive. Pure.
 */
export function selectFrontierRuns(
  runs: readonly StudyRun[],
  seedCost: number,
  targets: readonly number[],
  kept: readonly Selection[] = [],
): Selection[] {
  if (!(seedCost > 0)) throw new Error(`the seed cost must be positive, got ${seedCost}`);
  const usable = runs.filter(
    (r) =>
      r.status === 'SUCCEEDED' &&
      r.cost !== null &&
      r.cost > 0 &&
      r.cost < UNPRUNED_FRACTION * seedCost,
  );
  const taken = new Set<string | number>();
  // A kept choice that is not near its target stops standing for it (its retrainings stay
  // in the results, and in the chart).
  const held = kept.filter((k) => near(k.fraction, k.target));
  for (const k of held) {
    const run = runs.find((r) => r.id === k.runId);
    taken.add(k.target).add(k.runId);
    if (run) taken.add(structureOf(run));
  }
  const frontier = pair(
    usable.filter((r) => r.paretoOptimal),
    seedCost,
    targets,
    taken,
    true,
  );
  const rest = pair(usable, seedCost, targets, taken, false);
  return [...held, ...frontier, ...rest].sort((a, b) => a.target - b.target);
}
