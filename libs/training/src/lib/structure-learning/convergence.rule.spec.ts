import { describe, expect, it } from 'vitest';
import { hasConverged } from './convergence.rule';

const flat = (n: number, cost = 100, regLoss = 2) =>
  Array.from({ length: n }, () => ({ cost, regLoss }));

describe(hasConverged.name, () => {
  const options = { window: 3, tolerance: 1e-3 };

  it('needs window + 1 evaluations', () => {
    expect(hasConverged(flat(3), options)).toBe(false);
    expect(hasConverged(flat(4), options)).toBe(true);
  });

  it('is false while the cost or the reg loss still moves by more than the tolerance', () => {
    expect(hasConverged([...flat(3), { cost: 99, regLoss: 2 }], options)).toBe(false); // 1 % cost change
    expect(hasConverged([...flat(3), { cost: 100, regLoss: 2.01 }], options)).toBe(false);
    expect(hasConverged([...flat(3), { cost: 100, regLoss: 2.001 }], options)).toBe(true); // 0.05 %
  });

  it('only looks at the last window', () => {
    expect(hasConverged([{ cost: 500, regLoss: 9 }, ...flat(4)], options)).toBe(true);
    expect(hasConverged([{ cost: 500, regLoss: 9 }, ...flat(3)], options)).toBe(false);
  });

  it('treats a cost of zero that stays zero as stable', () => {
    expect(hasConverged(flat(4, 0, 0), options)).toBe(true);
  });
});
