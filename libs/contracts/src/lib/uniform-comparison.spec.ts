import { describe, expect, it } from 'vitest';
import { compareToUniform, type RetrainedPoint } from './uniform-comparison';

const pt = (cost: number, ...accuracies: number[]): RetrainedPoint => ({ cost, accuracies });
// Accuracy rises 0.10 per 4× cost, then 0.06: log-linear interpolation is easy to check.
const uniform = [pt(100, 0.7), pt(400, 0.8), pt(1600, 0.86)];

describe('compareToUniform', () => {
  it('measures a learned point against the uniform curve, log-linear in cost', () => {
    const { points } = compareToUniform([pt(200, 0.78)], uniform);
    expect(points).toHaveLength(1);
    // Halfway between 100 and 400 in log cost: the uniform curve is at 0.75 there.
    expect(points[0]!.accuracyGained?.mean).toBeCloseTo(0.03, 10);
    // The uniform curve reaches 0.78 at 100 · 4^0.8 ≈ 303.1.
    expect(points[0]!.costSaved?.mean).toBeCloseTo(1 - 200 / (100 * 4 ** 0.8), 10);
    expect(points[0]!.costSaved?.sd).toBeNull();
  });

  it('computes every figure once per seed and reports their spread', () => {
    const { points } = compareToUniform([pt(800, 0.84, 0.82)], uniform);
    const gained = points[0]!.accuracyGained!;
    expect(gained.mean).toBeCloseTo(0, 10);
    expect(gained.sd).toBeCloseTo(Math.SQRT2 * 0.01, 10);
    expect(gained.seeds).toBe(2);
    const saved = [1 - 800 / (400 * 4 ** (2 / 3)), 1 - 800 / (400 * 4 ** (1 / 3))];
    expect(points[0]!.costSaved!.mean).toBeCloseTo((saved[0]! + saved[1]!) / 2, 10);
    expect(points[0]!.costSaved!.sd).toBeCloseTo(Math.abs(saved[0]! - saved[1]!) / Math.SQRT2, 10);
  });

  it('never extrapolates beyond the uniform curve', () => {
    const { points, accuracyGained, costSaved } = compareToUniform(
      [pt(50, 0.6), pt(3200, 0.9)],
      uniform,
    );
    expect(points.map((p) => [p.accuracyGained, p.costSaved])).toEqual([
      [null, null],
      [null, null],
    ]);
    expect(accuracyGained).toBeNull();
    expect(costSaved).toBeNull();
  });

  it('reads an end of the curve for a cost just beyond it (a baseline lands a little off its structure’s cost)', () => {
    const { points } = compareToUniform([pt(1620, 0.87), pt(99, 0.72)], uniform);
    expect(points.map((p) => p.accuracyGained?.mean)).toEqual([
      expect.closeTo(0.02, 10),
      expect.closeTo(0.01, 10),
    ]);
    // 3 % beyond the end is outside the curve.
    expect(compareToUniform([pt(1650, 0.87)], uniform).points[0]!.accuracyGained).toBeNull();
  });

  it('compares the learned frontier only, and summarises over its points', () => {
    const result = compareToUniform(
      [pt(200, 0.78), pt(300, 0.7), pt(800, 0.84, 0.82)],
      [...uniform, pt(900, 0.75)],
    );
    // (300, 0.70) is dominated by (200, 0.78); the baseline (900, 0.75) by (400, 0.80).
    expect(result.points.map((p) => p.cost)).toEqual([200, 800]);
    expect(result.uniform).toEqual([
      { cost: 100, accuracy: 0.7 },
      { cost: 400, accuracy: 0.8 },
      { cost: 1600, accuracy: 0.86 },
    ]);
    expect(result.accuracyGained?.mean).toBeCloseTo(0.015, 10);
    // One point was retrained with a single seed: no spread can be given.
    expect(result.accuracyGained?.sd).toBeNull();
    expect(result.accuracyGained?.seeds).toBe(1);
  });

  it('gives the root mean square of the points’ spreads when every point has several seeds', () => {
    const result = compareToUniform([pt(200, 0.79, 0.77), pt(800, 0.84, 0.82)], uniform);
    expect(result.accuracyGained?.sd).toBeCloseTo(Math.SQRT2 * 0.01, 10);
    expect(result.accuracyGained?.seeds).toBe(2);
  });

  it('ignores points without a usable cost or accuracy', () => {
    const result = compareToUniform(
      [pt(0, 0.9), pt(Number.NaN, 0.9), pt(200), pt(200, 0.78)],
      uniform,
    );
    expect(result.points.map((p) => p.cost)).toEqual([200]);
  });
});
