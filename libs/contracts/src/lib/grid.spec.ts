import { describe, expect, it } from 'vitest';
import { expandGrid, logRange, strengthValues, suggestStrengthGrid } from './grid';

describe('logRange', () => {
  it('spaces values evenly in log space, both ends included', () => {
    expect(logRange(1e-3, 1e-1, 3)).toEqual([1e-3, 1e-2, 1e-1]);
    expect(logRange(2, 2, 1)).toEqual([2]);
  });

  it('rejects bad bounds and counts', () => {
    expect(() => logRange(0, 1, 3)).toThrow(RangeError);
    expect(() => logRange(2, 1, 3)).toThrow(RangeError);
    expect(() => logRange(1, 2, 0)).toThrow(RangeError);
  });
});

describe('expandGrid', () => {
  it('is row-major over strengths x thresholds', () => {
    expect(expandGrid([1, 2], [0.1, 0.2, 0.3])).toEqual([
      { cellIndex: 0, strength: 1, threshold: 0.1 },
      { cellIndex: 1, strength: 1, threshold: 0.2 },
      { cellIndex: 2, strength: 1, threshold: 0.3 },
      { cellIndex: 3, strength: 2, threshold: 0.1 },
      { cellIndex: 4, strength: 2, threshold: 0.2 },
      { cellIndex: 5, strength: 2, threshold: 0.3 },
    ]);
  });

  it('expands a log range spec', () => {
    expect(strengthValues({ logRange: [1, 100], count: 3 })).toEqual([1, 10, 100]);
    expect(strengthValues([3, 4])).toEqual([3, 4]);
  });
});

describe('suggestStrengthGrid', () => {
  it('centres a log range on 1/(seed cost)', () => {
    const grid = suggestStrengthGrid(1e6, { count: 5, decades: 2 });
    expect(grid).toEqual({ logRange: [1e-7, 1e-5], count: 5 });
    const values = strengthValues(grid);
    expect(values[2]).toBeCloseTo(1e-6, 18);
  });

  it('rejects a non-positive cost', () => {
    expect(() => suggestStrengthGrid(0)).toThrow(RangeError);
  });
});
