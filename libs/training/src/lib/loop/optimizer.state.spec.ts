import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { SlotOptimizer } from './optimizer.state';
import { isDecayedParameter } from './training.session';

describe(SlotOptimizer.name, () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('takes SGD, momentum and Adam steps by their formulas', () => {
    const g = tf.tensor1d([0.5, -2]);
    const run = (kind: 'sgd' | 'momentum' | 'adam', steps: number): number[] => {
      const w = tf.variable(tf.tensor1d([1, 1]));
      const opt = new SlotOptimizer(kind, [w], 0.1);
      for (let i = 0; i < steps; i++) opt.apply([g]);
      const out = Array.from(w.dataSync());
      opt.dispose();
      w.dispose();
      return out;
    };
    // sgd: w = 1 − 2·0.1·g.
    const s = run('sgd', 2);
    expect(s[0]).toBeCloseTo(0.9, 6);
    expect(s[1]).toBeCloseTo(1.4, 6);
    // momentum: v1 = g, v2 = 0.9g + g = 1.9g; w = 1 − 0.1·(g + 1.9g) = 1 − 0.29g.
    const m = run('momentum', 2);
    expect(m[0]).toBeCloseTo(1 - 0.29 * 0.5, 6);
    expect(m[1]).toBeCloseTo(1 + 0.29 * 2, 6);
    // Adam with a constant gradient moves every weight by ≈ lr·sign(g) per step.
    const a = run('adam', 3);
    expect(a[0]).toBeCloseTo(1 - 0.3, 4);
    expect(a[1]).toBeCloseTo(1 + 0.3, 4);
    g.dispose();
  });

  it('exports named slots and restores them with the iteration count', () => {
    const w = tf.variable(tf.tensor1d([1, 2, 3]));
    const opt = new SlotOptimizer('adam', [w], 0.01);
    opt.apply([tf.tensor1d([1, 1, 1])]);
    expect(opt.slotTensors().map((s) => s.name)).toEqual(['0/m', '0/v']);
    const saved = new Map(
      opt.slotTensors().map((s) => [s.name, s.tensor.dataSync() as Float32Array]),
    );
    const copy = new SlotOptimizer('adam', [w], 0.01);
    copy.restore(opt.iterations, saved);
    expect(copy.iterations).toBe(1);
    expect(Array.from(copy.slotTensors()[1]?.tensor.dataSync() ?? [])).toEqual(
      Array.from(saved.get('0/v') ?? []),
    );
    expect(() => copy.restore(1, new Map())).toThrow(
      expect.objectContaining({ code: 'CHECKPOINT_MISMATCH' }),
    );
    opt.dispose();
    copy.dispose();
    w.dispose();
  });

  it('creates its slots up front: the tensor count does not grow while training', () => {
    const w = tf.variable(tf.tensor1d([1, 2]));
    const opt = new SlotOptimizer('adam', [w], 0.01);
    const g = tf.tensor1d([1, -1]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) opt.apply([g]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([g, w]);
    opt.dispose();
  });

  it('takes Nesterov momentum steps by the hand-computed formula, with no extra slot', () => {
    const w = tf.variable(tf.tensor1d([1, 1]));
    const g = tf.tensor1d([0.5, -2]);
    const opt = new SlotOptimizer('momentum', [w], 0.1, { nesterov: true });
    opt.apply([g]);
    // v1 = g; w1 = 1 − 0.1·(g + 0.9·g) = 1 − 0.19g.
    expect(Array.from(w.dataSync())[0]).toBeCloseTo(0.905, 6);
    opt.apply([g]);
    // v2 = 1.9g; w2 = w1 − 0.1·(g + 0.9·1.9g) = 1 − 0.19g − 0.271g = 1 − 0.461g.
    const [w0, w1] = Array.from(w.dataSync());
    expect(w0).toBeCloseTo(1 - 0.461 * 0.5, 6);
    expect(w1).toBeCloseTo(1 + 0.461 * 2, 6);
    expect(opt.slotTensors().map((s) => s.name)).toEqual(['0/velocity']);
    expect(() => new SlotOptimizer('adam', [w], 0.1, { nesterov: true })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    opt.dispose();
    tf.dispose([w, g]);
  });

  it('adds L2 weight decay λ·w to the gradients of the decayed variables only', () => {
    const kernel = tf.variable(tf.tensor1d([1, 2]));
    const bias = tf.variable(tf.tensor1d([1, 2]));
    const g = tf.tensor1d([0.5, 0]);
    const opt = new SlotOptimizer('sgd', [kernel, bias], 0.1, {
      weightDecay: 0.1,
      decayed: [true, false],
    });
    opt.apply([g, g]);
    // kernel: w − 0.1·(g + 0.1·w): [1 − 0.06, 2 − 0.02]; bias: w − 0.1·g.
    const k = Array.from(kernel.dataSync());
    expect(k[0]).toBeCloseTo(0.94, 6);
    expect(k[1]).toBeCloseTo(1.98, 6);
    expect(Array.from(bias.dataSync())).toEqual([Math.fround(0.95), 2]);
    expect(() => new SlotOptimizer('sgd', [kernel], 0.1, { weightDecay: -1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    opt.dispose();
    tf.dispose([kernel, bias, g]);
  });

  it('decays kernels in retraining, never batch-norm parameters, biases or gate logits', () => {
    const names = ['conv1/kernel', 'dw/depthwiseKernel', 'fc/kernel', 'bn1/gamma', 'bn1/beta'];
    expect(names.map(isDecayedParameter)).toEqual([true, true, true, false, false]);
    expect(['fc/bias', 'g1/logits'].some(isDecayedParameter)).toBe(false);
  });
});
