import {
  fullWidthCost,
  resourceFunctionOf,
  type NetworkDescription,
  type ResourceFunction,
} from '@morphsweep/morphnet';
import type { SweepSpec } from '@morphsweep/contracts';

/**
 * The morphnet resource function a sweep's target names (FLOPs, model size, or latency on the
 * target's hardware). Throws `MorphnetError` for unknown hardware.
 */
export function resourceFunctionFor(target: SweepSpec['morphnet']): ResourceFunction {
  return resourceFunctionOf(target.resource, { hardware: target.hardware });
}

/**
 * Cost of `network` at full width in the sweep's resource: the seed cost, the Pareto
 * reference and the centre (as 1/cost) of the suggested strength grid. With every channel
 * alive this equals the network regularizer's `getCost()` at initialisation, without
 * building a model.
 */
export function networkCost(network: NetworkDescription, target: SweepSpec['morphnet']): number {
  return fullWidthCost(network, resourceFunctionFor(target));
}
