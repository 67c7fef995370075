import type { SweepSpec } from '@morphsweep/contracts';
import { widthMultiplierForCost, type NetworkDescription } from '@morphsweep/morphnet';
import { resourceFunctionFor } from '../cost/resource-function';
import { seedNetworkOf } from './seed-network';

/**
 * The width-multiplier baseline for a learned structure of cost `cost`: the spec's seed with
 * every layer scaled by one multiplier, chosen so the network costs `cost` in the sweep's
 * resource. Retrained beside the slimmed network, it tells what the learned structure adds
 * over uniform shrinking. Throws `MorphnetError` (unresolvable seed, unknown hardware).
 */
export function widthBaselineNetworkOf(
  spec: Pick<SweepSpec, 'seedNetwork' | 'morphnet'>,
  cost: number,
): NetworkDescription {
  return widthMultiplierForCost(seedNetworkOf(spec), cost, resourceFunctionFor(spec.morphnet))
    .network;
}
