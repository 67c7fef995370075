import type { Retraining, RunPoint, SweepDetail } from '../../api/types';

/** A mark of the Pareto chart, in data (cost, accuracy) and in canvas pixels. */
export type Mark =
  | { kind: 'run' | 'optimal'; cost: number; accuracy: number; x: number; y: number; run: RunPoint }
  | {
      kind: 'retrained' | 'baseline';
      cost: number;
      accuracy: number;
      x: number;
      y: number;
      retraining: Retraining;
      proxy?: RunPoint;
    };

/** Where the plot area sits inside the canvas, in CSS pixels. */
export interface PlotArea {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Cost (log) and accuracy (0–1) to pixels, and the costs the axis spans. */
export interface PlotScales {
  domain: [number, number];
  x: (cost: number) => number;
  y: (accuracy: number) => number;
}

/**
 * The axis scales of a chart over `costs`: a log cost axis with half a factor of 2 of margin
 * each side (non-degenerate also when every run landed at one cost), accuracy 0–1 upwards.
 */
export function plotScales(costs: readonly number[], area: PlotArea): PlotScales {
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of costs) {
    if (c < lo) lo = c;
    if (c > hi) hi = c;
  }
  const domain: [number, number] = [lo / 2, hi * 2];
  const [l0, l1] = [Math.log(domain[0]), Math.log(domain[1])];
  return {
    domain,
    x: (cost) => area.left + ((Math.log(cost) - l0) / (l1 - l0)) * area.width,
    y: (accuracy) => area.top + (1 - accuracy) * area.height,
  };
}

/**
 * The chart's marks: every run with a positive cost and an accuracy (`optimal` when on the
 * frontier), and every succeeded retraining at its measured cost and final accuracy, joined
 * to the run it came from.
 */
export function chartMarks(
  runs: readonly RunPoint[],
  retrainings: readonly Retraining[],
  sweep: Pick<SweepDetail, 'seedCost'>,
  area: PlotArea,
): { marks: Mark[]; scales: PlotScales | null } {
  const placed = runs.filter(
    (r): r is RunPoint & { cost: number; accuracy: number } =>
      r.cost !== null && r.accuracy !== null && r.cost > 0,
  );
  if (placed.length === 0) return { marks: [], scales: null };
  const done = retrainings.filter(
    (t): t is Retraining & { measuredCost: number; finalAccuracy: number } =>
      t.status === 'SUCCEEDED' &&
      t.measuredCost !== null &&
      t.finalAccuracy !== null &&
      t.measuredCost > 0,
  );
  const costs = placed.map((r) => r.cost).concat(done.map((t) => t.measuredCost));
  if (sweep.seedCost) costs.push(sweep.seedCost);
  const scales = plotScales(costs, area);
  const byId = new Map(runs.map((r) => [r.id, r]));
  const marks: Mark[] = placed.map((run) => ({
    kind: run.paretoOptimal ? 'optimal' : 'run',
    cost: run.cost,
    accuracy: run.accuracy,
    x: scales.x(run.cost),
    y: scales.y(run.accuracy),
    run,
  }));
  for (const t of done) {
    marks.push({
      kind: t.kind === 'LEARNED' ? 'retrained' : 'baseline',
      cost: t.measuredCost,
      accuracy: t.finalAccuracy,
      x: scales.x(t.measuredCost),
      y: scales.y(t.finalAccuracy),
      retraining: t,
      ...(t.sourceRunId && byId.has(t.sourceRunId) ? { proxy: byId.get(t.sourceRunId) } : {}),
    });
  }
  return { marks, scales };
}

/**
 * The mark nearest to (x, y) within `radius` pixels, or undefined. A linear scan: 10,000
 * marks take well under a millisecond, less than keeping an index up to date would.
 */
export function nearestMark(
  marks: readonly Mark[],
  x: number,
  y: number,
  radius = 8,
): Mark | undefined {
  let best: Mark | undefined;
  let bestDistance = radius * radius;
  for (const m of marks) {
    const d = (m.x - x) ** 2 + (m.y - y) ** 2;
    if (d <= bestDistance) {
      best = m;
      bestDistance = d;
    }
  }
  return best;
}

/** The run a click on `mark` opens: the run itself, or the run a retraining came from. */
export function runOfMark(mark: Mark): string | null {
  return 'run' in mark ? mark.run.id : mark.retraining.sourceRunId;
}
