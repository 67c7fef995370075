/** A run's point on the price–performance plane. */
export interface ParetoPoint {
  id: string;
  cost: number;
  accuracy: number;
}

/** The frontier of a set of points and its summary figures. */
export interface ParetoSummary {
  /** Non-dominated points, sorted by cost ascending (then id). */
  frontier: ParetoPoint[];
  /** Area dominated by the frontier inside the box from (0, 0) to (reference cost, 0). */
  hypervolume: number;
  /** The frontier point farthest above the chord between its extremes; null if empty. */
  knee: ParetoPoint | null;
}

function byCostThenAccuracy(a: ParetoPoint, b: ParetoPoint): number {
  return a.cost - b.cost || b.accuracy - a.accuracy || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The non-dominated points for (cost ↓, accuracy ↑). A point dominates another when it is
 * no worse in both and strictly better in one. Ties: points with the same cost and the same
 * accuracy do not dominate each other, so exact duplicates are all on the frontier (the
 * retrain step deduplicates by structure hash); a point with the same cost but lower
 * accuracy, or the same accuracy at a higher cost, is dominated. Points with a non-finite
 * cost or accuracy are ignored. Output order: cost ascending, then id.
 */
export function paretoFrontier(points: readonly ParetoPoint[]): ParetoPoint[] {
  const sorted = points
    .filter((p) => Number.isFinite(p.cost) && Number.isFinite(p.accuracy))
    .sort(byCostThenAccuracy);
  const frontier: ParetoPoint[] = [];
  let best: ParetoPoint | undefined;
  for (const p of sorted) {
    if (!best || p.accuracy > best.accuracy) {
      frontier.push(p);
      best = p;
    } else if (p.accuracy === best.accuracy && p.cost === best.cost) {
      frontier.push(p);
    }
  }
  return frontier;
}

/**
 * Hypervolume of a frontier (sorted by cost, as {@link paretoFrontier} returns it) against
 * the reference point (referenceCost, 0) — the seed network's cost at zero accuracy. It is
 * the area of { (c, a) : c ≤ referenceCost, 0 ≤ a, some frontier point has cost ≤ c and
 * accuracy ≥ a }. Points at or beyond the reference cost add nothing; negative accuracies
 * count as 0.
 */
export function hypervolume(frontier: readonly ParetoPoint[], referenceCost: number): number {
  let area = 0;
  for (let i = 0; i < frontier.length; i++) {
    const p = frontier[i]!;
    if (p.cost >= referenceCost) break;
    const nextCost = Math.min(frontier[i + 1]?.cost ?? referenceCost, referenceCost);
    area += (nextCost - p.cost) * Math.max(0, p.accuracy);
  }
  return area;
}

/**
 * The knee of a frontier sorted by cost: with cost and accuracy scaled to [0, 1] over the
 * frontier's own range, the point farthest above the chord joining the cheapest and the most
 * accurate point (maximal scaled accuracy minus scaled cost). Ties, including frontiers of
 * one or two points where every distance is 0, go to the cheaper point.
 */
export function kneePoint(frontier: readonly ParetoPoint[]): ParetoPoint | null {
  const first = frontier[0];
  const last = frontier[frontier.length - 1];
  if (!first || !last) return null;
  const costSpan = last.cost - first.cost || 1;
  const accSpan = last.accuracy - first.accuracy || 1;
  let knee = first;
  let bestScore = -Infinity;
  for (const p of frontier) {
    const score = (p.accuracy - first.accuracy) / accSpan - (p.cost - first.cost) / costSpan;
    if (score > bestScore + 1e-12) {
      bestScore = score;
      knee = p;
    }
  }
  return knee;
}

/** Frontier, hypervolume against (referenceCost, 0) and knee of `points`. */
export function summarizePareto(
  points: readonly ParetoPoint[],
  referenceCost: number,
): ParetoSummary {
  const frontier = paretoFrontier(points);
  return { frontier, hypervolume: hypervolume(frontier, referenceCost), knee: kneePoint(frontier) };
}
