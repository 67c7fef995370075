import { CostCalculator } from '../cost/cost-calculator';
import type { ResourceFunction } from '../cost/resource.functions';
import { MorphnetError } from '../errors';
import type { NetworkDescription } from '../format/network.schema';
import { buildOpGraph } from '../graph/op-graph.builder';
import { scaleWidths } from './apply-structure';

/**
 * Cost of a network at full width (every channel alive, no regularizers), summed over every
 * op of its inference graph — independent of any MorphNet source.
 */
export function fullWidthCost(net: NetworkDescription, resource: ResourceFunction): number {
  const graph = buildOpGraph(net, 'inference');
  return new CostCalculator({ ops: graph.ops, getRegularizer: () => null }, resource).getCost();
}

/**
 * The uniform width multiplier whose scaled network costs at most `targetCost` (bisection on
 * the multiplier, monotone up to rounding), and that network. Throws `INVALID_ARGUMENT` when
 * even width 1 everywhere costs more than the target.
 */
export function widthMultiplierForCost(
  net: NetworkDescription,
  targetCost: number,
  resource: ResourceFunction,
  options: { readonly maxMultiplier?: number; readonly iterations?: number } = {},
): { multiplier: number; network: NetworkDescription; cost: number } {
  let lo = 1e-6;
  let hi = options.maxMultiplier ?? 4;
  const costAt = (m: number): number => fullWidthCost(scaleWidths(net, m), resource);
  if (costAt(lo) > targetCost)
    throw new MorphnetError('INVALID_ARGUMENT', `no width multiplier reaches cost ${targetCost}`);
  for (let i = 0; i < (options.iterations ?? 40); i++) {
    const mid = (lo + hi) / 2;
    if (costAt(mid) <= targetCost) lo = mid;
    else hi = mid;
  }
  const network = scaleWidths(net, lo);
  return { multiplier: lo, network, cost: fullWidthCost(network, resource) };
}
