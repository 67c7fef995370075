import { CandidateRepository, RunRepository, SweepRepository } from '@morphsweep/db';
import { summarizePareto } from '@morphsweep/contracts';
import { candidateFrontier } from '@morphsweep/sweeps';
import type { ActivityDeps } from '../activity-deps';
import { specOf } from '../training/run-config';
import { mergePareto, type ParetoMerge } from './pareto-merge';

/** One frontier run as the workflow sees it. */
export interface FrontierRun {
  runId: string;
  cost: number;
  accuracy: number;
  structureHash: string;
}

/** The sweep's frontier after an update. */
export interface ParetoUpdate {
  frontier: FrontierRun[];
  hypervolume: number;
  kneeRunId: string | null;
  /**
   * With `candidates` in the spec: the frontier over the deduplicated candidates (one point
   * per structure, `runId` the run standing for it), which auto retraining picks from.
   */
  candidates?: FrontierRun[];
}

/** Input of `updatePareto`. */
export interface ParetoUpdateInput {
  sweepId: string;
  /**
   * Merge these cells into the frontier last written instead of reading every run (see
   * {@link mergePareto}); never for a spec with candidates.
   */
  merge?: ParetoMerge;
}

/**
 * Recomputes the sweep's Pareto frontier from its SUCCEEDED runs (cost ↓, accuracy ↑; see
 * `paretoFrontier` for ties), flags those runs (and unflags the rest) and returns the
 * frontier, its hypervolume against (seed cost, 0) and the knee; with `candidates` in the
 * spec, also the frontier over its deduplicated candidates. With `merge`, the same result
 * from the last frontier and the cells finished since. Idempotent.
 */
export function createUpdateParetoActivity(deps: ActivityDeps) {
  return async function updatePareto(input: ParetoUpdateInput): Promise<ParetoUpdate> {
    if (input.merge) return mergePareto(deps.db, input.sweepId, input.merge);
    const runs = new RunRepository(deps.db);
    const sweep = await new SweepRepository(deps.db).get(input.sweepId);
    const rows = await runs.listResults(input.sweepId);
    const hashes = new Map(rows.map((r) => [r.id, r.structureHash ?? '']));
    const points = rows
      .filter((r) => r.cost !== null && r.accuracy !== null)
      .map((r) => ({ id: r.id, cost: r.cost as number, accuracy: r.accuracy as number }));
    const referenceCost = sweep.seedCost ?? Math.max(0, ...points.map((p) => p.cost));
    const summary = summarizePareto(points, referenceCost);
    await runs.setParetoFlags(
      input.sweepId,
      summary.frontier.map((p) => p.id),
    );
    return {
      frontier: summary.frontier.map((p) => ({
        runId: p.id,
        cost: p.cost,
        accuracy: p.accuracy,
        structureHash: hashes.get(p.id) ?? '',
      })),
      hypervolume: summary.hypervolume,
      kneeRunId: summary.knee?.id ?? null,
      ...(specOf(sweep).candidates
        ? {
            candidates: candidateFrontier(
              await new CandidateRepository(deps.db).listForSweep(sweep.id),
            ),
          }
        : {}),
    };
  };
}
