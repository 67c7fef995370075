import { inferNetworkShapes } from '../format/network.parse';
import { parameterShapes } from '../format/layer.shapes';
import type { NetworkDescription } from '../format/network.schema';
import { isTrainableParam } from './parameter.init';

/**
 * Number of trainable parameters of a network: what `buildModel(net).trainableVariables()`
 * holds (kernels, biases, batch-norm gamma/beta, gate logits; moving statistics excluded),
 * computed from the shapes alone, so nothing is allocated. Throws `INVALID_NETWORK` like
 * {@link inferNetworkShapes} for a description whose shapes do not fit.
 */
export function countParameters(net: NetworkDescription): number {
  const shapes = inferNetworkShapes(net);
  let total = 0;
  for (const layer of net.layers) {
    const inShape = shapes.get(layer.inputs[0] ?? '') ?? [];
    for (const [param, shape] of Object.entries(parameterShapes(layer, inShape))) {
      if (isTrainableParam(param)) total += shape.reduce((n, d) => n * d, 1);
    }
  }
  return total;
}
