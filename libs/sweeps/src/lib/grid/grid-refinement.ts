// Workflow-safe (the `@morphsweep/sweeps/selection` entry): contracts only.
import { isCollapsedRun, paretoFrontier, type RunState } from '@morphsweep/contracts';

/** A finished or pending cell as refinement reads it. */
export interface RefinementInputCell {
  readonly id: string;
  readonly strength: number;
  readonly threshold: number;
  readonly status: RunState;
  readonly errorCode?: string | null;
  readonly cost: number | null;
  readonly accuracy: number | null;
}

/** A cell refinement adds, and why. */
export interface RefinedCell {
  readonly strength: number;
  readonly threshold: number;
  /** `collapse-edge`: between a cell that kept the seed and one that collapsed. */
  readonly reason: 'collapse-edge' | 'frontier-gap';
}

/** Strengths closer than this ratio are not split again (the grid is fine enough there). */
export const MIN_STRENGTH_RATIO = 1.05;
/** A SUCCEEDED cell within this relative distance of the seed cost pruned nothing. */
const SEED_COST_TOLERANCE = 1e-6;

interface Scored extends RefinedCell {
  /** Width of the gap it splits: log strength ratio (edges) or log cost ratio (gaps). */
  readonly width: number;
}

const between = (a: number, b: number) => Math.sqrt(a * b);

// Cells of one threshold, by strength, where a cell that kept the whole seed sits next to
// one that collapsed: the useful range of strengths lies between them, unsampled.
function collapseEdges(cells: readonly RefinementInputCell[], seedCost: number): Scored[] {
  const keptSeed = (c: RefinementInputCell) =>
    c.status === 'SUCCEEDED' && c.cost !== null && c.cost >= seedCost * (1 - SEED_COST_TOLERANCE);
  const out: Scored[] = [];
  const thresholds = [...new Set(cells.map((c) => c.threshold))];
  for (const threshold of thresholds) {
    const row = cells
      .filter((c) => c.threshold === threshold)
      .sort((a, b) => a.strength - b.strength);
    for (let i = 0; i + 1 < row.length; i++) {
      const [a, b] = [row[i]!, row[i + 1]!];
      if (keptSeed(a) && isCollapsedRun(b))
        out.push({
          strength: between(a.strength, b.strength),
          threshold,
          reason: 'collapse-edge',
          width: Math.log(b.strength / a.strength),
        });
    }
  }
  return out;
}

// Neighbours on the frontier of the SUCCEEDED cells, by cost: the midpoint strength of a
// wide cost gap lands, typically, in it. Across thresholds it is tried at both.
function frontierGaps(cells: readonly RefinementInputCell[]): Scored[] {
  const byId = new Map(cells.map((c) => [c.id, c]));
  const frontier = paretoFrontier(
    cells
      .filter((c) => c.status === 'SUCCEEDED' && c.cost !== null && c.accuracy !== null)
      .map((c) => ({ id: c.id, cost: c.cost as number, accuracy: c.accuracy as number })),
  ).filter((p) => p.cost > 0);
  const out: Scored[] = [];
  for (let i = 0; i + 1 < frontier.length; i++) {
    const [a, b] = [byId.get(frontier[i]!.id)!, byId.get(frontier[i + 1]!.id)!];
    const width = Math.log((b.cost as number) / (a.cost as number));
    // Equal costs (duplicates on the frontier) leave no gap to fill.
    if (!(width > 0)) continue;
    const strength = between(a.strength, b.strength);
    for (const threshold of new Set([a.threshold, b.threshold]))
      out.push({ strength, threshold, reason: 'frontier-gap', width });
  }
  return out;
}

function tooClose(strength: number, others: readonly number[]): boolean {
  return others.some((s) => Math.max(s, strength) / Math.min(s, strength) < MIN_STRENGTH_RATIO);
}

/**
 * The cells one round of adaptive grid refinement adds, at most `limit`: first a strength
 * between every cell that kept the whole seed (cost at the seed's) and its collapsed neighbour
 * at the next strength of the same threshold — the useful range lies between them — widest
 * bracket first; then the geometric-mean strength of the two cells bounding each gap of the
 * frontier (SUCCEEDED cells, cost ↓ accuracy ↑), widest gap in log cost first, at the
 * threshold of each of the two. A strength within {@link MIN_STRENGTH_RATIO} of one already
 * in that threshold's row (or chosen) is skipped. Ties: the lower strength, then the lower
 * threshold. Pure and deterministic; `limit` ≤ 0 adds nothing.
 */
export function refinementCells(
  cells: readonly RefinementInputCell[],
  options: { readonly seedCost: number; readonly limit: number },
): RefinedCell[] {
  const ranked = (xs: Scored[]) =>
    xs.sort((a, b) => b.width - a.width || a.strength - b.strength || a.threshold - b.threshold);
  const proposals = [
    ...ranked(collapseEdges(cells, options.seedCost)),
    ...ranked(frontierGaps(cells)),
  ];
  const taken = new Map<number, number[]>();
  for (const c of cells) taken.set(c.threshold, [...(taken.get(c.threshold) ?? []), c.strength]);
  const chosen: RefinedCell[] = [];
  for (const { strength, threshold, reason } of proposals) {
    if (chosen.length >= options.limit) break;
    const row = taken.get(threshold) ?? [];
    if (tooClose(strength, row)) continue;
    taken.set(threshold, [...row, strength]);
    chosen.push({ strength, threshold, reason });
  }
  return chosen;
}

/**
 * How many cells round `round` (1-based) of `rounds` may add, with `added` already added
 * of `maxExtraCells`: an even share of what is left over the rounds left, so early rounds
 * cannot spend the whole budget.
 */
export function refinementRoundLimit(
  refine: { readonly maxExtraCells: number; readonly rounds: number },
  round: number,
  added: number,
): number {
  const left = refine.maxExtraCells - added;
  const roundsLeft = refine.rounds - round + 1;
  if (left <= 0 || roundsLeft <= 0) return 0;
  return Math.ceil(left / roundsLeft);
}
