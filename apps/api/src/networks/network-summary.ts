import { networkCost } from '@morphsweep/activities';
import { countParameters, type NetworkDescription } from '@morphsweep/morphnet';

/** What the API tells about any seed network, zoo or uploaded: its size three ways. */
export interface NetworkSummary {
  name: string;
  flops: number;
  /** Weights of convolutions and dense layers (MorphNet's model-size resource). */
  modelSize: number;
  /** Trainable parameters, biases and BatchNorm γ/β included. */
  parameters: number;
  /** Whether it has FiGS gates (the logistic-sigmoid family needs them). */
  gated: boolean;
}

export function summarizeNetwork(net: NetworkDescription): NetworkSummary {
  return {
    name: net.name,
    flops: networkCost(net, { family: 'gamma', resource: 'flops' }),
    modelSize: networkCost(net, { family: 'gamma', resource: 'model-size' }),
    parameters: countParameters(net),
    gated: net.layers.some((l) => l.op === 'gate'),
  };
}
