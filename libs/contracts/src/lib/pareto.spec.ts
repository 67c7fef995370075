import { describe, expect, it } from 'vitest';
import {
  hypervolume,
  kneePoint,
  paretoFrontier,
  summarizePareto,
  type ParetoPoint,
} from './pareto';

const p = (id: string, cost: number, accuracy: number): ParetoPoint => ({ id, cost, accuracy });

describe('paretoFrontier', () => {
  it('keeps the non-dominated points in cost order', () => {
    const points = [
      p('a', 10, 0.9),
      p('b', 5, 0.8),
      p('c', 7, 0.7),
      p('d', 2, 0.5),
      p('e', 12, 0.85),
    ];
    expect(paretoFrontier(points).map((x) => x.id)).toEqual(['d', 'b', 'a']);
  });

  it('keeps exact duplicates, drops same-cost-lower-accuracy and same-accuracy-higher-cost', () => {
    const points = [p('b', 5, 0.8), p('a', 5, 0.8), p('c', 5, 0.7), p('d', 6, 0.8)];
    expect(paretoFrontier(points).map((x) => x.id)).toEqual(['a', 'b']);
  });

  it('ignores non-finite points and handles the empty set', () => {
    expect(paretoFrontier([p('a', Number.NaN, 1), p('b', 1, Infinity)])).toEqual([]);
    expect(paretoFrontier([])).toEqual([]);
  });
});

describe('hypervolume', () => {
  it('sums the staircase under the reference cost', () => {
    // (2,0.5) → (5,0.8) → (10,0.9), reference 20:
    // 3*0.5 + 5*0.8 + 10*0.9 = 1.5 + 4 + 9 = 14.5
    const frontier = [p('d', 2, 0.5), p('b', 5, 0.8), p('a', 10, 0.9)];
    expect(hypervolume(frontier, 20)).toBeCloseTo(14.5, 12);
  });

  it('clips at the reference and ignores points beyond it', () => {
    // reference 8: 3*0.5 + 3*0.8 = 3.9; the point at cost 10 adds nothing
    expect(hypervolume([p('d', 2, 0.5), p('b', 5, 0.8), p('a', 10, 0.9)], 8)).toBeCloseTo(3.9, 12);
    expect(hypervolume([p('a', 10, 0.9)], 10)).toBe(0);
  });
});

describe('kneePoint', () => {
  it('picks the point farthest above the chord', () => {
    // scaled: d (0,0), b (3/8, 0.75), a (1,1): scores 0, 0.375, 0 → b
    expect(kneePoint([p('d', 2, 0.5), p('b', 5, 0.8), p('a', 10, 0.9)])?.id).toBe('b');
  });

  it('gives the cheaper point when every score ties, and null when empty', () => {
    expect(kneePoint([p('x', 1, 0.2), p('y', 3, 0.6)])?.id).toBe('x');
    expect(kneePoint([p('x', 1, 0.2)])?.id).toBe('x');
    expect(kneePoint([])).toBeNull();
  });
});

it('summarizePareto combines the three', () => {
  const s = summarizePareto([p('a', 1, 0.5), p('b', 2, 0.4)], 4);
  expect(s.frontier.map((x) => x.id)).toEqual(['a']);
  expect(s.hypervolume).toBeCloseTo(1.5, 12);
  expect(s.knee?.id).toBe('a');
});
