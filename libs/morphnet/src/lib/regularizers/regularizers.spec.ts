import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ConcatRegularizer } from './concat.regularizer';
import { GammaL1Regularizer } from './gamma-l1.regularizer';
import { GroupLassoRegularizer } from './group-lasso.regularizer';
import {
  L2GroupingRegularizer,
  MaxGroupingRegularizer,
  ProbabilisticGroupingRegularizer,
} from './grouping.regularizer';
import type { OpRegularizer } from './op-regularizer';
import { ProbGatingRegularizer } from './prob-gating.regularizer';

const stub = (reg: number[], alive: boolean[], isProbabilistic = false): OpRegularizer => ({
  size: reg.length,
  isProbabilistic,
  regularizationVector: () => tf.tensor1d(reg),
  aliveVector: () => tf.tensor1d(alive, 'bool'),
});
const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const bools = (t: tf.Tensor): boolean[] => Array.from(t.dataSync(), (v) => v !== 0);

const r1 = () => stub([0.1, 0.3, 0.6, 0.2], [false, true, true, false], true);
const r2 = () => stub([0.2, 0.4, 0.5, 0.1], [false, true, false, true], true);
const r3 = () => stub([0.3, 0.2, 0.0, 0.25], [false, true, false, true], true);

describe('op regularizers (docs/morphnet.md §5)', () => {
  it('gamma L1: |γ|, strict alive test and sign gradient only through the regularized gammas', () => {
    const gamma = tf.variable(tf.tensor1d([-0.7, 0.1, 0.45, 0]));
    const r = new GammaL1Regularizer(() => gamma, 0.45, 4);
    expect(values(r.regularizationVector())).toEqual([0.7, 0.1, 0.45, 0].map(Math.fround));
    expect(bools(r.aliveVector())).toEqual([true, false, false, false]);
    const g = tf.grad((x: tf.Tensor) =>
      tf.sum(new GammaL1Regularizer(() => x, 0.45, 4).regularizationVector()),
    )(gamma);
    expect(values(g)).toEqual([-1, 1, 1, 0]);
  });

  it('group lasso: RMS over the reduce axes, same for transposed weights, L1 mix', () => {
    const w = tf.tensor2d([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const expected = [0, 1, 2].map((c) => Math.sqrt(((c + 1) ** 2 + (c + 4) ** 2) / 2));
    const r = new GroupLassoRegularizer(() => w, [0], 3.5, 3);
    values(r.regularizationVector()).forEach((v, i) =>
      expect(v).toBeCloseTo(expected[i] as number, 5),
    );
    expect(expected[0]).toBeCloseTo(2.9154758, 6);
    expect(bools(r.aliveVector())).toEqual([false, true, true]);
    const t = new GroupLassoRegularizer(() => tf.transpose(w), [1], 3.5, 3);
    values(t.regularizationVector()).forEach((v, i) =>
      expect(v).toBeCloseTo(expected[i] as number, 5),
    );
    const mixed = new GroupLassoRegularizer(() => w, [0], 0, 3, 0.5);
    const l1 = [2.5, 3.5, 4.5];
    values(mixed.regularizationVector()).forEach((v, i) =>
      expect(v).toBeCloseTo(0.5 * (l1[i] as number) + 0.5 * (expected[i] as number), 5),
    );
    expect(() => new GroupLassoRegularizer(() => w, [0], 0, 3, 1.5)).toThrow(/l1Fraction/);
    // L2 grouping reuses the radicand of a pure RMS vector but squares a mixed one:
    // sqrt(2·RMS²) for two pure members, sqrt(2·mixed²) = √2·mixed for two mixed ones.
    const pureL2 = new L2GroupingRegularizer([r, r]);
    values(pureL2.regularizationVector()).forEach((v, i) =>
      expect(v).toBeCloseTo(Math.SQRT2 * (expected[i] as number), 5),
    );
    const mixedL2 = new L2GroupingRegularizer([mixed, mixed]);
    values(mixedL2.regularizationVector()).forEach((v, i) =>
      expect(v).toBeCloseTo(
        Math.SQRT2 * (0.5 * (l1[i] as number) + 0.5 * (expected[i] as number)),
        5,
      ),
    );
  });

  it('prob gating: mask as regularization, non-strict alive test, or sigmoid(logits)', () => {
    const logits = tf.tensor1d([0, 2, -2]);
    const mask = tf.tensor1d([0.1, 0.9, 0.05]);
    const r = new ProbGatingRegularizer(
      () => logits,
      () => mask,
      3,
    );
    expect(values(r.regularizationVector())).toEqual([0.1, 0.9, 0.05].map(Math.fround));
    expect(bools(r.aliveVector())).toEqual([true, true, false]);
    const p = new ProbGatingRegularizer(
      () => logits,
      () => mask,
      3,
      { regularizeOnMask: false, maskAsAliveVector: false, aliveThreshold: 0.5 },
    );
    values(p.regularizationVector()).forEach((v, i) =>
      expect(v).toBeCloseTo(1 / (1 + Math.exp(-[0, 2, -2][i]!)), 6),
    );
    expect(bools(p.aliveVector())).toEqual([true, true, false]);
    expect(r.isProbabilistic).toBe(true);
  });

  it('concat regularizer concatenates both vectors', () => {
    const c = new ConcatRegularizer([
      stub([0.1, 0.3, 0.6, 0.2], [true, false, true, false]),
      stub([0.2, 0.4, 0.5], [false, true, true]),
    ]);
    expect(values(c.regularizationVector())).toEqual(
      [0.1, 0.3, 0.6, 0.2, 0.2, 0.4, 0.5].map(Math.fround),
    );
    expect(bools(c.aliveVector())).toEqual([true, false, true, false, false, true, true]);
  });

  it('grouping: max, L2 and probabilistic match the reference examples', () => {
    const close = (t: tf.Tensor, expected: number[]) =>
      values(t).forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, 5));
    close(new MaxGroupingRegularizer([r1(), r2()]).regularizationVector(), [0.2, 0.4, 0.6, 0.2]);
    expect(bools(new MaxGroupingRegularizer([r1(), r2()]).aliveVector())).toEqual([
      false,
      true,
      true,
      true,
    ]);
    close(
      new MaxGroupingRegularizer([r1(), r2(), r3()]).regularizationVector(),
      [0.3, 0.4, 0.6, 0.25],
    );
    const l2 = new L2GroupingRegularizer([r1(), r2()], 0.25);
    close(l2.regularizationVector(), [0.2236068, 0.5, 0.78102497, 0.2236068]);
    expect(bools(l2.aliveVector())).toEqual([false, true, true, false]);
    close(
      new L2GroupingRegularizer([r1(), r2(), r3()], 0.25).regularizationVector(),
      [0.374165, 0.538516, 0.781024, 0.33541],
    );
    expect(bools(new L2GroupingRegularizer([r1(), r2(), r3()], 0.25).aliveVector())).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(bools(new L2GroupingRegularizer([r1(), r2(), r3()], 0.5).aliveVector())).toEqual([
      false,
      true,
      true,
      false,
    ]);
    const prob = new ProbabilisticGroupingRegularizer([r1(), r2(), r3()]);
    close(prob.regularizationVector(), [0.496, 0.664, 0.8, 0.46]);
    expect(bools(prob.aliveVector())).toEqual([false, true, true, true]);
    const nested = new ProbabilisticGroupingRegularizer([
      new ProbabilisticGroupingRegularizer([r1(), r3()]),
      r2(),
    ]);
    close(nested.regularizationVector(), [0.496, 0.664, 0.8, 0.46]);
  });

  it('grouping needs two members; probabilistic needs probabilistic members', () => {
    expect(() => new MaxGroupingRegularizer([r1()])).toThrow(/at least 2/);
    expect(
      () =>
        new ProbabilisticGroupingRegularizer([r1(), stub([1, 1, 1, 1], [true, true, true, true])]),
    ).toThrow(/probabilistic/);
  });
});
