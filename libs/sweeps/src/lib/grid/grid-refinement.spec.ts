import { describe, expect, it } from 'vitest';
import { refinementCells, refinementRoundLimit, type RefinementInputCell } from './grid-refinement';

const SEED = 1000;
let n = 0;
function cell(
  strength: number,
  threshold: number,
  result: { cost: number; accuracy: number } | 'collapsed' | 'queued',
): RefinementInputCell {
  const id = `c${n++}`;
  if (result === 'collapsed')
    return {
      id,
      strength,
      threshold,
      status: 'FAILED',
      errorCode: 'STRUCTURE_COLLAPSED',
      cost: null,
      accuracy: null,
    };
  if (result === 'queued')
    return { id, strength, threshold, status: 'QUEUED', cost: null, accuracy: null };
  return { id, strength, threshold, status: 'SUCCEEDED', ...result };
}

describe('refinementCells', () => {
  it('splits the bracket between a cell that kept the seed and its collapsed neighbour', () => {
    const cells = [
      cell(1e-8, 0.1, { cost: SEED, accuracy: 0.9 }),
      cell(1e-6, 0.1, 'collapsed'),
      cell(1e-4, 0.1, 'collapsed'),
    ];
    const added = refinementCells(cells, { seedCost: SEED, limit: 5 });
    expect(added).toEqual([{ strength: 1e-7, threshold: 0.1, reason: 'collapse-edge' }]);
    expect(added[0]!.strength).toBeCloseTo(1e-7, 20);
  });

  it('does not split a failure that is not a collapse, or a pruned cell next to a collapsed one', () => {
    const failed = { ...cell(1e-6, 0.1, 'collapsed'), errorCode: 'INFRASTRUCTURE' };
    const cells = [
      cell(1e-8, 0.1, { cost: SEED, accuracy: 0.9 }),
      failed,
      cell(1e-8, 0.01, { cost: 400, accuracy: 0.8 }),
      cell(1e-6, 0.01, 'collapsed'),
    ];
    expect(refinementCells(cells, { seedCost: SEED, limit: 5 })).toEqual([]);
  });

  it('then fills the widest frontier gaps in cost, at both neighbours’ thresholds', () => {
    const cells = [
      cell(1e-8, 0.1, { cost: 1000, accuracy: 0.9 }),
      cell(1e-7, 0.1, { cost: 900, accuracy: 0.85 }),
      cell(1e-6, 0.1, { cost: 100, accuracy: 0.7 }),
      cell(1e-5, 0.01, { cost: 50, accuracy: 0.6 }),
    ];
    const added = refinementCells(cells, { seedCost: SEED, limit: 10 });
    // Gaps by log cost: 900→100 (ln 9), 100→50 (ln 2, across thresholds), 1000→900 (ln 1.11).
    expect(added.map((c) => [c.strength.toExponential(2), c.threshold, c.reason])).toEqual([
      ['3.16e-7', 0.1, 'frontier-gap'],
      ['3.16e-6', 0.01, 'frontier-gap'],
      ['3.16e-6', 0.1, 'frontier-gap'],
      ['3.16e-8', 0.1, 'frontier-gap'],
    ]);
  });

  it('finds no gap between cells that reached the same cost and accuracy', () => {
    // Nothing pruned yet: every cell at the seed, equally accurate (all on the frontier).
    const cells = [
      cell(1e-8, 0.1, { cost: 1000, accuracy: 0.8 }),
      cell(1e-7, 0.1, { cost: 1000, accuracy: 0.8 }),
      cell(1e-6, 0.1, { cost: 1000, accuracy: 0.8 }),
    ];
    expect(refinementCells(cells, { seedCost: SEED, limit: 5 })).toEqual([]);
  });

  it('puts collapse edges before frontier gaps and stops at the limit', () => {
    const cells = [
      cell(1e-8, 0.1, { cost: SEED, accuracy: 0.9 }),
      cell(1e-6, 0.1, 'collapsed'),
      cell(1e-8, 0.01, { cost: 999.9999999, accuracy: 0.91 }),
      cell(1e-6, 0.01, { cost: 100, accuracy: 0.7 }),
    ];
    const added = refinementCells(cells, { seedCost: SEED, limit: 2 });
    expect(added.map((c) => [c.threshold, c.reason])).toEqual([
      [0.1, 'collapse-edge'],
      [0.01, 'frontier-gap'],
    ]);
    expect(refinementCells(cells, { seedCost: SEED, limit: 0 })).toEqual([]);
  });

  it('skips strengths too close to one already in the row, including ones just chosen', () => {
    const cells = [
      cell(1e-6, 0.1, { cost: 1000, accuracy: 0.9 }),
      cell(1.04e-6, 0.1, { cost: 500, accuracy: 0.8 }),
      // Dominated (the seed's cost, less accurate), so only its collapse edge counts.
      cell(1e-8, 0.01, { cost: 1000, accuracy: 0.85 }),
      cell(1e-6, 0.01, 'collapsed'),
      // Queued cells count as taken: a round is not repeated while its cells run.
      cell(1e-7, 0.01, 'queued'),
    ];
    expect(refinementCells(cells, { seedCost: SEED, limit: 10 })).toEqual([]);
  });

  it('is deterministic: the same cells in any order give the same cells', () => {
    const cells = [
      cell(1e-8, 0.1, { cost: 1000, accuracy: 0.9 }),
      cell(1e-7, 0.1, { cost: 300, accuracy: 0.8 }),
      cell(1e-6, 0.1, { cost: 100, accuracy: 0.7 }),
      cell(1e-5, 0.1, 'collapsed'),
    ];
    const forward = refinementCells(cells, { seedCost: SEED, limit: 3 });
    expect(refinementCells([...cells].reverse(), { seedCost: SEED, limit: 3 })).toEqual(forward);
    expect(forward).toHaveLength(2);
  });
});

describe('refinementRoundLimit', () => {
  it('shares what is left of the budget evenly over the rounds left', () => {
    expect(refinementRoundLimit({ maxExtraCells: 10, rounds: 3 }, 1, 0)).toBe(4);
    expect(refinementRoundLimit({ maxExtraCells: 10, rounds: 3 }, 2, 4)).toBe(3);
    expect(refinementRoundLimit({ maxExtraCells: 10, rounds: 3 }, 3, 7)).toBe(3);
  });

  it('gives nothing past the last round or with the budget spent', () => {
    expect(refinementRoundLimit({ maxExtraCells: 10, rounds: 3 }, 4, 7)).toBe(0);
    expect(refinementRoundLimit({ maxExtraCells: 10, rounds: 3 }, 2, 10)).toBe(0);
  });
});
