import { describe, expect, it } from 'vitest';
import { countParameters, zooNetwork } from '@morphsweep/morphnet';
import { networkCost } from '../cost/resource-function';
import { summarizeNetwork } from './network-summary';

describe('summarizeNetwork', () => {
  it('sizes a network in FLOPs, model size and parameters', () => {
    const net = zooNetwork('fmnist-cnn');
    expect(summarizeNetwork(net, 'fmnist-cnn')).toEqual({
      name: 'fmnist-cnn',
      flops: networkCost(net, { family: 'gamma', resource: 'flops' }),
      modelSize: networkCost(net, { family: 'gamma', resource: 'model-size' }),
      parameters: countParameters(net),
      gated: false,
    });
  });

  it("defaults the name to the description's own", () => {
    const net = zooNetwork('fmnist-cnn');
    expect(summarizeNetwork(net).name).toBe(net.name);
  });
});
