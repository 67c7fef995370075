import { createHash } from 'node:crypto';
import { GridRefinementRepository, SweepRepository } from '@morphsweep/db';
import {
  networkCost,
  refinementCells,
  refinementRoundLimit,
  seedNetworkOf,
} from '@morphsweep/sweeps';
import type { ActivityDeps } from '../activity-deps';
import { specOf } from '../training/run-config';

/** What a refinement round added: its number and its cells (none: refinement is over). */
export interface RefinedGrid {
  round: number;
  runIds: string[];
}

/** A cell's id from its values (an RFC 4122 name-based layout), so a retried add is a no-op. */
export function refinedCellId(sweepId: string, strength: number, threshold: number): string {
  const hex = createHash('sha1')
    .update(`morphsweep-refined-cell:${sweepId}:${strength}:${threshold}`)
    .digest('hex');
  const variant = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * One round of adaptive grid refinement for a sweep whose spec has `refine`, called by the
 * workflow when every cell is final: adds the cells `refinementCells` chooses, at most the
 * round's share of `maxExtraCells` (`refinementRoundLimit`), as QUEUED rows after the grid
 * with stable ids and their round, and returns them. Returns no cells once `rounds` rounds
 * ran, the budget is spent, the spec has no `refine` or nothing is worth adding. Idempotent:
 * a retry after the write finds the round's cells still pending and returns them again.
 */
export function createRefineGridActivity(deps: ActivityDeps) {
  return async function refineGrid(input: { sweepId: string }): Promise<RefinedGrid> {
    const sweep = await new SweepRepository(deps.db).get(input.sweepId);
    const spec = specOf(sweep);
    if (!spec.refine) return { round: 0, runIds: [] };
    const grid = new GridRefinementRepository(deps.db);
    const cells = await grid.cells(sweep.id);
    const refined = cells.filter((c) => c.refineRound !== null);
    const round = Math.max(0, ...refined.map((c) => c.refineRound as number));
    const pending = refined.filter(
      (c) => c.refineRound === round && (c.status === 'QUEUED' || c.status === 'RUNNING'),
    );
    if (pending.length > 0) return { round, runIds: pending.map((c) => c.id) };
    const seedCost = sweep.seedCost ?? networkCost(seedNetworkOf(spec), spec.morphnet);
    const limit = refinementRoundLimit(spec.refine, round + 1, refined.length);
    const chosen = refinementCells(cells, { seedCost, limit });
    if (chosen.length === 0) return { round, runIds: [] };
    const first = Math.max(...cells.map((c) => c.cellIndex)) + 1;
    const rows = chosen.map(({ strength, threshold }, i) => ({
      id: refinedCellId(sweep.id, strength, threshold),
      cellIndex: first + i,
      strength,
      threshold,
      refineRound: round + 1,
    }));
    await grid.addCells(sweep.id, rows);
    return { round: round + 1, runIds: rows.map((r) => r.id) };
  };
}
