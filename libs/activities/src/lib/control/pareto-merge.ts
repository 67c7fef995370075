import { RunRepository, type Db } from '@morphsweep/db';
import { summarizePareto } from '@morphsweep/contracts';
import type { FrontierRun, ParetoUpdate } from './pareto.activity';

/** What `updatePareto` merges instead of reading the sweep's runs. */
export interface ParetoMerge {
  /** The hypervolume's reference cost: the sweep's seed cost. */
  seedCost: number;
  /** The frontier as last written, which the flags in Postgres show. */
  frontier: FrontierRun[];
  /** Cells that SUCCEEDED since, with their stored results. */
  succeeded: FrontierRun[];
}

/**
 * Brings the sweep's Pareto flags up to date with cells that succeeded since `merge.frontier`
 * was written, without reading the sweep's runs: a run dominated once stays dominated as
 * points are added, so the frontier of every point is the frontier of the old frontier and
 * the new points. Flags the runs that joined and unflags those that left (no statement when
 * none did), so a finished cell costs O(frontier), not O(cells so far). Idempotent.
 */
export async function mergePareto(
  db: Db,
  sweepId: string,
  merge: ParetoMerge,
): Promise<ParetoUpdate> {
  const known = new Map([...merge.frontier, ...merge.succeeded].map((r) => [r.runId, r]));
  const summary = summarizePareto(
    [...known.values()].map((r) => ({ id: r.runId, cost: r.cost, accuracy: r.accuracy })),
    merge.seedCost,
  );
  const now = new Set(summary.frontier.map((p) => p.id));
  const before = new Set(merge.frontier.map((r) => r.runId));
  await new RunRepository(db).changeParetoFlags(
    sweepId,
    [...now].filter((id) => !before.has(id)),
    [...before].filter((id) => !now.has(id)),
  );
  return {
    frontier: summary.frontier.map((p) => known.get(p.id)!),
    hypervolume: summary.hypervolume,
    kneeRunId: summary.knee?.id ?? null,
  };
}
