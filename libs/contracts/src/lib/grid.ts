/** The most cells one sweep may have. */
export const MAX_GRID_CELLS = 10_000;

/** Strengths given as a geometric range: `count` values from `lo` to `hi`, both included. */
export interface LogRange {
  logRange: [number, number];
  count: number;
}

/** One cell of the grid, in row-major order over strengths × thresholds. */
export interface GridCell {
  cellIndex: number;
  strength: number;
  threshold: number;
}

// Twelve significant digits: stable, printable values that still distinguish any two points
// of a sane range (the database keys a cell by its exact strength and threshold).
function tidy(x: number): number {
  return Number(x.toPrecision(12));
}

/**
 * `count` values spaced evenly in log space from `lo` to `hi` (both included; `count` 1
 * gives `[lo]`). Requires 0 < lo ≤ hi and an integer count ≥ 1; throws RangeError otherwise.
 */
export function logRange(lo: number, hi: number, count: number): number[] {
  if (!(lo > 0) || !(hi >= lo) || !Number.isFinite(hi) || !Number.isInteger(count) || count < 1) {
    throw new RangeError(
      `logRange needs 0 < lo <= hi and an integer count >= 1 (got ${lo}, ${hi}, ${count})`,
    );
  }
  if (count === 1) return [tidy(lo)];
  const step = (Math.log(hi) - Math.log(lo)) / (count - 1);
  return Array.from({ length: count }, (_, i) =>
    i === count - 1 ? tidy(hi) : tidy(Math.exp(Math.log(lo) + i * step)),
  );
}

/** The explicit strength list of a spec's `strengths` field. */
export function strengthValues(strengths: readonly number[] | LogRange): number[] {
  if (Array.isArray(strengths)) return [...strengths];
  const range = strengths as LogRange;
  return logRange(range.logRange[0], range.logRange[1], range.count);
}

/**
 * The grid in row-major order: cell `i * thresholds.length + j` is (strengths[i],
 * thresholds[j]). The cell index is stable, so ids and database keys derived from it are too.
 */
export function expandGrid(
  strengths: readonly number[],
  thresholds: readonly number[],
): GridCell[] {
  const cells: GridCell[] = [];
  strengths.forEach((strength, i) =>
    thresholds.forEach((threshold, j) =>
      cells.push({ cellIndex: i * thresholds.length + j, strength, threshold }),
    ),
  );
  return cells;
}

/**
 * A strength grid centred on 1/(seed cost), as MorphNet recommends: with the regularization
 * term on the scale of the cost, `strength ≈ 1/cost` balances it against a task loss of order
 * 1. Returns `count` (default 5) log-spaced strengths spanning `decades` (default 2) decades
 * around that centre. Throws RangeError for a non-positive cost.
 */
export function suggestStrengthGrid(
  seedCost: number,
  options: { count?: number; decades?: number } = {},
): LogRange {
  if (!(seedCost > 0) || !Number.isFinite(seedCost)) {
    throw new RangeError(`the seed cost must be a positive number (got ${seedCost})`);
  }
  const count = options.count ?? 5;
  const half = (options.decades ?? 2) / 2;
  const centre = 1 / seedCost;
  return { logRange: [tidy(centre / 10 ** half), tidy(centre * 10 ** half)], count };
}
