import type { SweepSpec } from '@morphsweep/contracts';

/**
 * Why `cost` cannot be a seed cost, or undefined when it can. MorphNet centres its strengths
 * on 1 / seed cost and the Pareto reference point is the seed cost, so it must be finite and
 * positive: a network with nothing to slim in the resource (no convolution or dense layer, or
 * a latency profile that makes it free) costs 0, and a broken profile gives NaN.
 */
export function seedCostProblem(cost: number, target: SweepSpec['morphnet']): string | undefined {
  if (Number.isFinite(cost) && cost > 0) return undefined;
  const resource =
    target.resource === 'latency' ? `latency on ${target.hardware}` : target.resource;
  return `the network costs ${cost} in ${resource} at full width; MorphNet needs a finite, positive cost (a network with a convolution or dense layer to slim)`;
}
