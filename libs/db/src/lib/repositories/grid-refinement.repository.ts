import type { Db } from '../prisma-client';
import type { RunStatus } from '../../generated/prisma/client';

/** What grid refinement needs to know of a cell. */
export interface RefinementCellRow {
  id: string;
  cellIndex: number;
  strength: number;
  threshold: number;
  refineRound: number | null;
  status: RunStatus;
  errorCode: string | null;
  cost: number | null;
  accuracy: number | null;
}

/** A cell added by refinement; ids are chosen by the caller (stable, from its values). */
export interface NewRefinedCell {
  id: string;
  cellIndex: number;
  strength: number;
  threshold: number;
  refineRound: number;
}

/** Reads and adds the cells of a sweep for adaptive grid refinement. */
export class GridRefinementRepository {
  constructor(private readonly db: Db) {}

  /** Every cell of the sweep, in cell order. */
  cells(sweepId: string): Promise<RefinementCellRow[]> {
    return this.db.run.findMany({
      where: { sweepId },
      orderBy: { cellIndex: 'asc' },
      select: {
        id: true,
        cellIndex: true,
        strength: true,
        threshold: true,
        refineRound: true,
        status: true,
        errorCode: true,
        cost: true,
        accuracy: true,
      },
    });
  }

  /** Adds QUEUED cells; a cell whose id is already there is left as it is (a retried add). */
  async addCells(sweepId: string, cells: readonly NewRefinedCell[]): Promise<void> {
    if (cells.length === 0) return;
    await this.db.run.createMany({
      data: cells.map((c) => ({ ...c, sweepId })),
      skipDuplicates: true,
    });
  }
}
