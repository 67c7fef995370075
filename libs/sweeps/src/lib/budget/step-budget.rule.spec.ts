import { describe, expect, it } from 'vitest';
import { epochsForSteps, trainingSplitSize } from './step-budget.rule';

describe('trainingSplitSize', () => {
  it('is Fashion-MNIST less the default 10% validation', () => {
    expect(trainingSplitSize({ kind: 'fashion-mnist' })).toBe(54_000);
  });

  it('counts a subset, and caps it at the whole set', () => {
    expect(trainingSplitSize({ kind: 'fashion-mnist', subsetSize: 1000 })).toBe(900);
    expect(trainingSplitSize({ kind: 'fashion-mnist', subsetSize: 100_000 })).toBe(54_000);
  });

  it('counts the synthetic set at its generated size', () => {
    expect(trainingSplitSize({ kind: 'synthetic' })).toBe(1800);
    expect(
      trainingSplitSize({ kind: 'synthetic', subsetSize: 240, validationFraction: 0.25 }),
    ).toBe(180);
  });

  it('rounds the held-out images as the seeded split does', () => {
    // 0.15 × 250 = 37.5 held out, rounded to 38.
    expect(
      trainingSplitSize({ kind: 'synthetic', subsetSize: 250, validationFraction: 0.15 }),
    ).toBe(212);
  });
});

describe('epochsForSteps', () => {
  it('rounds up to whole epochs over the training split', () => {
    expect(epochsForSteps(1000, 64, { kind: 'fashion-mnist' })).toBe(2);
    expect(
      epochsForSteps(20, 16, { kind: 'synthetic', subsetSize: 240, validationFraction: 0.25 }),
    ).toBe(2);
  });

  it('trains at least one epoch', () => {
    expect(epochsForSteps(1, 1, { kind: 'fashion-mnist' })).toBe(1);
    expect(epochsForSteps(0, 64, { kind: 'synthetic' })).toBe(1);
  });
});
