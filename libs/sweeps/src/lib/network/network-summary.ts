import { countParameters, type NetworkDescription } from '@morphsweep/morphnet';
import { networkCost } from '../cost/resource-function';

/** A network's size three ways, as the API lists zoo and uploaded networks. */
export interface NetworkSummary {
  name: string;
  /** FLOPs of one forward pass at full width. */
  flops: number;
  /** Weights of convolutions and dense layers (MorphNet's model-size resource), at full width. */
  modelSize: number;
  /** Trainable parameters. */
  parameters: number;
  /** Whether it has FiGS gate layers (the logistic-sigmoid family needs them). */
  gated: boolean;
}

/**
 * What the API tells about any seed network, zoo or uploaded: its size three ways (the
 * fields are documented on `zooEntrySchema`). `name` defaults to the description's own.
 * Throws `MorphnetError` for a description morphnet cannot cost.
 */
export function summarizeNetwork(net: NetworkDescription, name = net.name): NetworkSummary {
  return {
    name,
    flops: networkCost(net, { family: 'gamma', resource: 'flops' }),
    modelSize: networkCost(net, { family: 'gamma', resource: 'model-size' }),
    parameters: countParameters(net),
    gated: net.layers.some((l) => l.op === 'gate'),
  };
}
