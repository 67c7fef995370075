import { describe, expect, it } from 'vitest';
import {
  buildModel,
  countParameters,
  NETWORK_FORMAT,
  parseNetwork,
  SMALL_ZOO_NETWORKS,
  zooNetwork,
} from '../../index';

describe(countParameters.name, () => {
  // The realistic seeds are checked against published counts in zoo/seed-zoo.spec.ts.
  it.each(SMALL_ZOO_NETWORKS)('counts what the built model trains (%s)', (name) => {
    const net = zooNetwork(name);
    const model = buildModel(net, { seed: 0 });
    try {
      const trainable = model.trainableVariables().reduce((sum, v) => sum + v.size, 0);
      expect(countParameters(net)).toBe(trainable);
    } finally {
      model.dispose();
    }
  });

  it('counts kernels and biases of a dense network by hand', () => {
    const net = parseNetwork({
      format: NETWORK_FORMAT,
      name: 'tiny',
      inputs: [{ name: 'x', shape: [4] }],
      layers: [{ name: 'fc', op: 'dense', inputs: ['x'], units: 3 }],
      outputs: ['fc'],
    });
    expect(countParameters(net)).toBe(4 * 3 + 3);
  });
});
