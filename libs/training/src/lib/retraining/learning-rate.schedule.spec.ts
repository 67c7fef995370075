import { describe, expect, it } from 'vitest';
import { learningRateAt } from './learning-rate.schedule';

describe(learningRateAt.name, () => {
  it('decays a cosine from the base rate to zero', () => {
    expect(learningRateAt('cosine', 0.1, 0, 100)).toBeCloseTo(0.1, 12);
    expect(learningRateAt('cosine', 0.1, 50, 100)).toBeCloseTo(0.05, 12);
    expect(learningRateAt('cosine', 0.1, 100, 100)).toBeCloseTo(0, 12);
  });

  it('steps down ×0.1 after each third, and stays constant when asked', () => {
    expect([0, 33, 34, 67, 99].map((s) => learningRateAt('step', 1, s, 100))).toEqual([
      1,
      1,
      0.1,
      0.1 ** 2,
      0.1 ** 2,
    ]);
    expect(learningRateAt('constant', 0.3, 77, 100)).toBe(0.3);
  });

  it('warms up linearly', () => {
    expect(learningRateAt('constant', 1, 0, 100, 4)).toBe(0.25);
    expect(learningRateAt('constant', 1, 3, 100, 4)).toBe(1);
    expect(learningRateAt('constant', 1, 4, 100, 4)).toBe(1);
  });

  it('decays ×factor at each given milestone (steps), after the warm-up', () => {
    const decay = { milestones: [30, 60], factor: 0.1 };
    const at = (s: number) => learningRateAt('step', 0.1, s, 90, 0, decay);
    expect([0, 29, 30, 59, 60, 89].map(at)).toEqual([
      0.1,
      0.1,
      0.1 * 0.1,
      0.1 * 0.1,
      0.1 * 0.1 ** 2,
      0.1 * 0.1 ** 2,
    ]);
    expect(learningRateAt('step', 1, 1, 90, 4, decay)).toBe(0.5);
    expect(learningRateAt('step', 1, 50, 90, 0, { milestones: [10, 20], factor: 0.5 })).toBe(0.25);
  });
});
