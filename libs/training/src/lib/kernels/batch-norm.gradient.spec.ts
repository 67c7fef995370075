import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { randomValues, relativeError, runOn } from '../../test/backends';
import { registerWasmTrainingKernels } from './register-training-kernels';

// Captured before any test registers ours: tfjs-core's own gradients are the reference.
const STOCK_GRADIENTS = ['FusedBatchNorm', 'Mean'].map((name) => tf.getGradient(name));

/** Reference on cpu with tfjs-core's gradients; candidate on wasm with ours. */
async function compare(build: () => tf.Tensor[]): Promise<number[]> {
  const warn = console.warn;
  console.warn = () => undefined; // "Overriding the gradient": deliberate here.
  for (const gradient of STOCK_GRADIENTS) tf.registerGradient(gradient);
  console.warn = warn;
  const expected = await runOn('cpu', build);
  registerWasmTrainingKernels();
  const actual = await runOn('wasm', build);
  const errors = expected.map((e, i) => relativeError(actual[i]!, e));
  console.info('max relative error vs tfjs-core gradients on cpu:', Math.max(...errors));
  return errors;
}

describe('FusedBatchNorm and Mean gradients', () => {
  it.each([
    { shape: [4, 5, 6, 3], axis: [0, 1, 2], keepDims: false },
    { shape: [4, 5, 6, 3], axis: [1, 2], keepDims: true },
    { shape: [4, 5, 6, 3], axis: [3], keepDims: false },
    { shape: [4, 5, 6, 3], axis: [0, 2], keepDims: false },
  ])('Mean gradient matches tfjs-core %o', async (c) => {
    const size = c.shape.reduce((a, b) => a * b, 1);
    const xv = randomValues(size, 13);
    const errors = await compare(() => {
      const x = tf.tensor(xv, c.shape);
      const m = tf.mean(x, c.axis, c.keepDims);
      const r = tf.tensor(randomValues(m.size, 14), m.shape);
      return [
        tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.mean(input, c.axis, c.keepDims), r)))(x),
      ];
    });
    for (const e of errors) expect(e).toBeLessThan(1e-4);
  });

  it('matches tfjs-core on x, mean, variance, scale and offset', async () => {
    const shape: [number, number, number, number] = [4, 5, 5, 3];
    const xv = randomValues(300, 11);
    const rv = randomValues(300, 12);
    const errors = await compare(() => {
      const x = tf.tensor4d(xv, shape);
      const r = tf.tensor4d(rv, shape);
      const params = [
        tf.tensor1d([0.1, -0.2, 0.3]),
        tf.tensor1d([0.5, 0.2, 0.9]),
        tf.tensor1d([1.5, 0.7, -1.1]),
        tf.tensor1d([0.1, 0.2, 0.3]),
      ];
      const f = (
        xs: tf.Tensor,
        mean: tf.Tensor,
        variance: tf.Tensor,
        scale: tf.Tensor,
        offset: tf.Tensor,
      ) => tf.sum(tf.mul(tf.batchNorm(xs, mean, variance, offset, scale, 1e-3), r));
      return tf.grads(f)([x, ...params]);
    });
    for (const e of errors) expect(e).toBeLessThan(1e-4);
  });

  it('trains a conv + BN + ReLU + max-pool + depthwise + dense network identically', async () => {
    const xv = randomValues(2 * 10 * 10 * 2, 21);
    const weights = {
      conv: [[3, 3, 2, 4], 31],
      gamma: [[4], 32],
      beta: [[4], 33],
      depthwise: [[3, 3, 4, 2], 34],
      dense: [[8, 3], 35],
    } as const;
    const labels = [0, 2];
    const errors = await compare(() => {
      const x = tf.tensor4d(xv, [2, 10, 10, 2]);
      const vars = Object.values(weights).map(([shape, seed]) =>
        tf.tensor(
          randomValues(
            (shape as readonly number[]).reduce((a, b) => a * b, 1),
            seed,
          ),
          [...shape],
        ),
      );
      const loss = (
        conv: tf.Tensor,
        gamma: tf.Tensor,
        beta: tf.Tensor,
        depthwise: tf.Tensor,
        dense: tf.Tensor,
      ) => {
        const c = tf.conv2d(x, conv as tf.Tensor4D, 1, 'same');
        const { mean, variance } = tf.moments(c, [0, 1, 2]);
        const h = tf.relu(tf.batchNorm(c, mean, variance, beta, gamma, 1e-3));
        const p = tf.maxPool(h as tf.Tensor4D, 2, 2, 'valid');
        const dw = tf.relu(tf.depthwiseConv2d(p, depthwise as tf.Tensor4D, 2, 'same'));
        const pooled = tf.mean(dw, [1, 2]);
        const logits = tf.matMul(pooled as tf.Tensor2D, dense as tf.Tensor2D);
        return tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d(labels, 'int32'), 3), logits);
      };
      return tf.grads(loss)(vars);
    });
    for (const e of errors) expect(e).toBeLessThan(1e-4);
  });
});
