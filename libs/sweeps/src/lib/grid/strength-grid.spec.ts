import { describe, expect, it } from 'vitest';
import { suggestStrengthGrid } from '@morphsweep/contracts';
import { zooNetwork } from '@morphsweep/morphnet';
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
});
