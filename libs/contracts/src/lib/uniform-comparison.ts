/** A retrained network: its cost and its final accuracy under each seed it was trained with. */
export interface RetrainedPoint {
  cost: number;
  /** One accuracy per retraining seed (at least one). */
  accuracies: readonly number[];
}

/** A figure computed once per learned seed: their mean, and their sd (null with one seed). */
export interface SeedSpread {
  mean: number;
  sd: number | null;
  seeds: number;
}

/** One learned point measured against the uniform curve. */
export interface PointComparison {
  cost: number;
  accuracy: number;
  /** Learned accuracy minus the uniform curve's at the same cost; null outside its cost range. */
  accuracyGained: SeedSpread | null;
  /**
   * 1 − learned cost / the cost at which the uniform curve reaches the same accuracy; null
   * when the uniform curve never reaches it (or is above it everywhere).
   */
  costSaved: SeedSpread | null;
}

/** The learned frontier against the uniform (width-multiplier) curve. */
export interface UniformComparison {
  /** The learned frontier (cost ↑, accuracy ↑), each point compared. */
  points: PointComparison[];
  /** The uniform curve: non-dominated baselines, cost ↑, mean accuracy ↑. */
  uniform: Array<{ cost: number; accuracy: number }>;
  /** Mean over the learned points that have the figure; null when none has it. */
  accuracyGained: SeedSpread | null;
  costSaved: SeedSpread | null;
}

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/**
 * The mean of figures measured once per seed, their sample sd (null with one seed) and how
 * many there are. Throws RangeError for no values.
 */
export function seedSpread(values: readonly number[]): SeedSpread {
  if (values.length === 0) throw new RangeError('a seed spread needs at least one value');
  const m = mean(values);
  const sd =
    values.length > 1
      ? Math.sqrt(values.reduce((s, x) => s + (x - m) ** 2, 0) / (values.length - 1))
      : null;
  return { mean: m, sd, seeds: values.length };
}

interface CurvePoint {
  cost: number;
  /** Mean over seeds. */
  accuracy: number;
  accuracies: readonly number[];
}

/** Non-dominated points by mean accuracy, cost ascending (a curve to interpolate along). */
function frontierOf(points: readonly RetrainedPoint[]): CurvePoint[] {
  const usable = points
    .filter((p) => p.cost > 0 && Number.isFinite(p.cost) && p.accuracies.length > 0)
    .map((p) => ({ cost: p.cost, accuracy: mean(p.accuracies), accuracies: p.accuracies }))
    .filter((p) => Number.isFinite(p.accuracy))
    .sort((a, b) => a.cost - b.cost || b.accuracy - a.accuracy);
  const curve: CurvePoint[] = [];
  for (const p of usable) if (p.accuracy > (curve.at(-1)?.accuracy ?? -Infinity)) curve.push(p);
  return curve;
}

/**
 * How far (relative) beyond an end of the uniform curve a cost still reads that end's
 * accuracy. A baseline is built for a learned structure's cost, but channel counts are whole
 * numbers, so it lands a little off it (61.2 % of the seed for a 61.3 % structure): that is
 * a match, not an extrapolation.
 */
const COST_MATCH_TOLERANCE = 0.02;

/**
 * The curve's accuracy at `cost`, linear in log cost; an end's accuracy within
 * COST_MATCH_TOLERANCE beyond it; null further outside.
 */
function accuracyAt(curve: ReturnType<typeof frontierOf>, cost: number): number | null {
  const first = curve[0];
  const last = curve.at(-1);
  if (!first || !last) return null;
  if (cost < first.cost)
    return cost >= first.cost * (1 - COST_MATCH_TOLERANCE) ? first.accuracy : null;
  if (cost > last.cost)
    return cost <= last.cost * (1 + COST_MATCH_TOLERANCE) ? last.accuracy : null;
  for (let i = 0; i < curve.length; i++) {
    const a = curve[i]!;
    const b = curve[i + 1];
    if (cost === a.cost) return a.accuracy;
    if (b && cost > a.cost && cost < b.cost) {
      const t = Math.log(cost / a.cost) / Math.log(b.cost / a.cost);
      return a.accuracy + t * (b.accuracy - a.accuracy);
    }
  }
  return null;
}

/** The cost at which the curve reaches `accuracy` (log-linear, it rises strictly); else null. */
function costAt(curve: ReturnType<typeof frontierOf>, accuracy: number): number | null {
  for (let i = 0; i < curve.length; i++) {
    const a = curve[i]!;
    const b = curve[i + 1];
    if (accuracy === a.accuracy) return a.cost;
    if (b && accuracy > a.accuracy && accuracy < b.accuracy) {
      const t = (accuracy - a.accuracy) / (b.accuracy - a.accuracy);
      return a.cost * (b.cost / a.cost) ** t;
    }
  }
  return null;
}

function perSeed(values: Array<number | null>): SeedSpread | null {
  return values.every((v) => v !== null) ? seedSpread(values as number[]) : null;
}

function overPoints(figures: Array<SeedSpread | null>): SeedSpread | null {
  const known = figures.filter((f): f is SeedSpread => f !== null);
  if (known.length === 0) return null;
  const sds = known.map((f) => f.sd);
  return {
    mean: mean(known.map((f) => f.mean)),
    // The root mean square of the points' seed spreads: the typical seed-to-seed spread.
    sd: sds.every((s) => s !== null) ? Math.sqrt(mean(sds.map((s) => (s as number) ** 2))) : null,
    seeds: Math.min(...known.map((f) => f.seeds)),
  };
}

/**
 * MorphNet's claim measured: the learned frontier (retrained learned structures) against the
 * uniform curve (retrained width-multiplier baselines, their mean accuracy over seeds). For
 * each learned frontier point and each of its seeds, "accuracy gained at equal cost" is its
 * accuracy minus the uniform curve's at its cost, and "cost saved at equal accuracy" is
 * 1 − its cost / the uniform cost reaching its accuracy; both interpolate the uniform curve
 * linearly in log cost between its points and are never extrapolated beyond them (null
 * there; a cost within COST_MATCH_TOLERANCE of an end of the curve reads that end's accuracy). Each point's figure is the mean over its seeds with their sd; the summary is the
 * mean over the points that have it, its sd the root mean square of theirs. Points with a
 * non-positive or non-finite cost, or no accuracy, are ignored. Pure.
 */
export function compareToUniform(
  learned: readonly RetrainedPoint[],
  uniform: readonly RetrainedPoint[],
): UniformComparison {
  const curve = frontierOf(uniform);
  const points = frontierOf(learned).map(({ cost, accuracy, accuracies }) => {
    const onCurve = accuracyAt(curve, cost);
    return {
      cost,
      accuracy,
      accuracyGained: onCurve === null ? null : perSeed(accuracies.map((a) => a - onCurve)),
      costSaved: perSeed(
        accuracies.map((a) => {
          const c = costAt(curve, a);
          return c === null ? null : 1 - cost / c;
        }),
      ),
    };
  });
  return {
    points,
    uniform: curve.map(({ cost, accuracy }) => ({ cost, accuracy })),
    accuracyGained: overPoints(points.map((p) => p.accuracyGained)),
    costSaved: overPoints(points.map((p) => p.costSaved)),
  };
}
