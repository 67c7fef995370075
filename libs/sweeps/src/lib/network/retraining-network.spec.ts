import { describe, expect, it } from 'vitest';
import { countParameters, exportedWidths, zooNetwork } from '@morphsweep/morphnet';
import { networkCost } from '../cost/resource-function';
import { seedNetworkOf } from './seed-network';
import { retrainedNetworkOf } from './retrained-network';
import { slimmedNetworkOf } from './slimmed-network';
import { widthBaselineNetworkOf } from './width-baseline-network';

const spec = {
  seedNetwork: 'fmnist-cnn',
  morphnet: { family: 'gamma', resource: 'flops' },
} as const;

describe('seedNetworkOf', () => {
  it('resolves a zoo name and parses a description', () => {
    const seed = seedNetworkOf(spec);
    expect(seed).toEqual(zooNetwork('fmnist-cnn'));
    expect(seedNetworkOf({ seedNetwork: { ...seed } })).toEqual(seed);
  });

  it('throws for an unknown zoo name', () => {
    expect(() => seedNetworkOf({ seedNetwork: 'resnet-9000' })).toThrow();
  });
});

describe('slimmedNetworkOf', () => {
  it('sets each layer to the learned width, and the full structure gives the seed back', () => {
    const widths = exportedWidths(seedNetworkOf(spec));
    expect(exportedWidths(slimmedNetworkOf(spec, widths))).toEqual(widths);
    const halved = Object.fromEntries(
      Object.entries(widths).map(([k, w]) => [k, Math.max(1, Math.floor(w / 2))]),
    );
    const slim = slimmedNetworkOf(spec, halved);
    expect(countParameters(slim)).toBeLessThan(countParameters(seedNetworkOf(spec)));
  });
});

describe('widthBaselineNetworkOf', () => {
  it('scales the seed to about the cost asked for', () => {
    const seedCost = networkCost(seedNetworkOf(spec), spec.morphnet);
    const baseline = widthBaselineNetworkOf(spec, seedCost / 4);
    const cost = networkCost(baseline, spec.morphnet);
    expect(cost).toBeLessThan(seedCost);
    expect(cost / (seedCost / 4)).toBeGreaterThan(0.5);
    expect(cost / (seedCost / 4)).toBeLessThan(1.5);
  });
});

describe('retrainedNetworkOf', () => {
  it('is the slimmed structure for LEARNED and the width baseline at its cost otherwise', () => {
    const widths = exportedWidths(seedNetworkOf(spec));
    const halved = Object.fromEntries(
      Object.entries(widths).map(([k, w]) => [k, Math.max(1, Math.floor(w / 2))]),
    );
    const source = {
      structure: halved,
      cost: networkCost(slimmedNetworkOf(spec, halved), spec.morphnet),
    };
    expect(retrainedNetworkOf(spec, 'LEARNED', source)).toEqual(slimmedNetworkOf(spec, halved));
    expect(retrainedNetworkOf(spec, 'WIDTH_MULTIPLIER', source)).toEqual(
      widthBaselineNetworkOf(spec, source.cost),
    );
  });
});
