import { describe, expect, it } from 'vitest';
import { suggestStrengthGrid } from '@morphsweep/contracts';
import { MorphnetError, parseNetwork, zooNetwork } from '@morphsweep/morphnet';
import { networkCost } from '../cost/resource-function';
import { strengthGridFor } from './strength-grid';

describe('strengthGridFor', () => {
  it("centres the contract's suggestion on the network's cost in the target resource", () => {
    const net = zooNetwork('fmnist-cnn');
    const target = { family: 'gamma', resource: 'model-size' } as const;
    const seedCost = networkCost(net, target);
    expect(strengthGridFor(net, target, 7)).toEqual({
      seedCost,
      strengths: suggestStrengthGrid(seedCost, { count: 7 }),
    });
  });

  it('throws for unknown latency hardware', () => {
    expect(() =>
      strengthGridFor(
        zooNetwork('fmnist-cnn'),
        { family: 'gamma', resource: 'latency', hardware: 'abacus' },
        5,
      ),
    ).toThrow();
  });

  it('names a hardware that is only an Object.prototype property unknown, never NaN', () => {
    const grid = () =>
      strengthGridFor(
        zooNetwork('fmnist-cnn'),
        { family: 'gamma', resource: 'latency', hardware: 'constructor' },
        5,
      );
    expect(grid).toThrow(MorphnetError);
    expect(grid).toThrow(/unknown hardware "constructor"/);
  });

  it('refuses a network that costs nothing with an INVALID_ARGUMENT MorphnetError', () => {
    const free = parseNetwork({
      format: 'morphsweep-network/v1',
      name: 'free',
      inputs: [{ name: 'x', shape: [4, 4, 1] }],
      layers: [{ name: 'flat', op: 'flatten', inputs: ['x'] }],
      outputs: ['flat'],
    });
    const grid = () => strengthGridFor(free, { family: 'gamma', resource: 'flops' }, 5);
    expect(grid).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(grid).toThrow(/costs 0 in flops/);
  });
});
