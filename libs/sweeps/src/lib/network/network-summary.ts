import { networkCost } from '@morphsweep/activities';
import { countParameters, type NetworkDescription } from '@morphsweep/morphnet';
import type { ZooEntry } from '../zoo/zoo.dto';

/**
 * What the API tells about any seed network, zoo or uploaded: its size three ways (the
 * fields are documented on `zooEntrySchema`).
 */
export function summarizeNetwork(net: NetworkDescription, name = net.name): ZooEntry {
  return {
    name,
    flops: networkCost(net, { family: 'gamma', resource: 'flops' }),
    modelSize: networkCost(net, { family: 'gamma', resource: 'model-size' }),
    parameters: countParameters(net),
    gated: net.layers.some((l) => l.op === 'gate'),
  };
}
