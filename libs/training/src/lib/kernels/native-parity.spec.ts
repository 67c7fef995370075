// The native `tensorflow` backend (tfjs-node over TensorFlow 2.21, with our kernels) against the
// pure-JS `cpu` backend: every op a MorphNet training step runs, forward and gradient, then
// whole zoo networks' loss + MorphNet term and the gradient of every variable.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import {
  batchNormTraining,
  buildModel,
  createNetworkRegularizer,
  zooNetwork,
  type RegularizerFamily,
} from '@morphsweep/morphnet';
import { NATIVE_UNDER_TEST, randomValues, relativeError, runOn } from '../../test/backends';

const TOLERANCE = 1e-4;

type Case = readonly [
  name: string,
  inputs: readonly number[][],
  fn: (...xs: tf.Tensor[]) => tf.Tensor,
];

const bn = (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor => {
  const m = tf.moments(x, [0, 1, 2]);
  return tf.batchNorm(x, m.mean, m.variance, beta, gamma, 1e-3);
};

// Small shapes, odd sizes (padding and stride edges), each op followed by a weighting so
// that its gradient is not uniform.
const CASES: readonly Case[] = [
  [
    'conv2d same',
    [
      [2, 7, 7, 3],
      [3, 3, 3, 4],
    ],
    (x, f) => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, 'same'),
  ],
  [
    'conv2d stride 2 valid',
    [
      [2, 8, 8, 3],
      [3, 3, 3, 5],
    ],
    (x, f) => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 2, 'valid'),
  ],
  [
    'conv2d 1x1',
    [
      [2, 5, 5, 4],
      [1, 1, 4, 6],
    ],
    (x, f) => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, 'same'),
  ],
  [
    'depthwise same',
    [
      [2, 7, 7, 3],
      [3, 3, 3, 1],
    ],
    (x, f) => tf.depthwiseConv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, 'same'),
  ],
  [
    'depthwise stride 2 multiplier 2',
    [
      [2, 8, 8, 3],
      [3, 3, 3, 2],
    ],
    (x, f) => tf.depthwiseConv2d(x as tf.Tensor4D, f as tf.Tensor4D, 2, 'same'),
  ],
  ['batch norm (training: batch moments)', [[4, 5, 5, 3], [3], [3]], (x, g, b) => bn(x!, g!, b!)],
  [
    'batch norm, training kernel (fused on native), and its batch statistics',
    [[4, 5, 5, 3], [3], [3]],
    (x, g, b) => batchNormTraining(x!, b!, g!, 1e-3).y,
  ],
  [
    'batch norm (training kernel), then relu6',
    [[3, 4, 4, 2], [2], [2]],
    (x, g, b) => tf.relu6(tf.mul(batchNormTraining(x!, b!, g!, 1e-3).y, 4)),
  ],
  ['batch norm then relu', [[4, 5, 5, 3], [3], [3]], (x, g, b) => tf.relu(bn(x!, g!, b!))],
  ['relu6', [[2, 4, 4, 3]], (x) => tf.relu6(tf.mul(x!, 8))],
  ['max pool 2', [[2, 6, 6, 3]], (x) => tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid')],
  ['max pool 3 same', [[2, 7, 7, 3]], (x) => tf.maxPool(x as tf.Tensor4D, 3, 2, 'same')],
  ['avg pool 2', [[2, 6, 6, 3]], (x) => tf.avgPool(x as tf.Tensor4D, 2, 2, 'valid')],
  ['global average pool', [[2, 5, 5, 4]], (x) => tf.mean(x!, [1, 2])],
  [
    'dense',
    [[3, 6], [6, 4], [4]],
    (x, w, b) => tf.add(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), b!),
  ],
  [
    'add, multiply, concat',
    [
      [2, 3, 3, 2],
      [2, 3, 3, 2],
    ],
    (a, b) => tf.concat([tf.add(a!, b!), tf.mul(a!, b!)], 3),
  ],
  [
    'FiGS gate: sigmoid((logit + noise) / τ) · x',
    [[2, 3, 3, 4], [4], [4]],
    (x, logits, noise) => tf.mul(x!, tf.sigmoid(tf.div(tf.add(logits!, noise!), 0.5))),
  ],
  [
    'softmax cross-entropy',
    [[5, 10]],
    (logits) => tf.losses.softmaxCrossEntropy(tf.oneHot([1, 0, 9, 3, 3], 10), tf.mul(logits!, 3)),
  ],
  ['L1 of γ (gamma term)', [[7]], (g) => tf.sum(tf.abs(g!))],
  [
    'group lasso (per-channel L2)',
    [[3, 3, 2, 5]],
    (w) => tf.sum(tf.sqrt(tf.sum(tf.square(w!), [0, 1, 2]))),
  ],
  ['sigmoid probability term', [[6]], (l) => tf.sum(tf.sigmoid(l!))],
];

/** Forward value and the gradient of a weighted sum of it with respect to every input. */
function valueAndGrads(
  inputs: readonly number[][],
  fn: (...xs: tf.Tensor[]) => tf.Tensor,
  seed: number,
): () => tf.Tensor[] {
  return () => {
    const xs = inputs.map((shape, i) => {
      const size = shape.reduce((a, b) => a * b, 1);
      return tf.tensor(randomValues(size, seed + i * 17), shape);
    });
    const y = fn(...xs);
    const weights = tf.tensor(randomValues(y.size, seed + 99), y.shape);
    const grads = tf.grads((...args: tf.Tensor[]) => tf.sum(tf.mul(fn(...args), weights)))(xs);
    return [y, ...grads];
  };
}

describe.runIf(NATIVE_UNDER_TEST)('native tensorflow backend agrees with cpu', () => {
  it.each(CASES.map((c, i) => [c[0], c, i] as const))(
    '%s: forward and gradients',
    async (_, c, i) => {
      const [, inputs, fn] = c;
      const expected = await runOn('cpu', valueAndGrads(inputs, fn, 11 + i));
      const actual = await runOn('tensorflow', valueAndGrads(inputs, fn, 11 + i));
      expect(actual.length).toBe(expected.length);
      actual.forEach((values, k) => {
        expect(relativeError(values, expected[k] as Float32Array), `output ${k}`).toBeLessThan(
          TOLERANCE,
        );
      });
    },
  );

  it('batch norm training kernel: batch mean and biased variance', async () => {
    // The statistics carry no gradient on native (as in TensorFlow): values only.
    const stats = () => {
      const x = tf.tensor(randomValues(4 * 5 * 5 * 3, 3), [4, 5, 5, 3]);
      const r = batchNormTraining(tf.add(tf.mul(x, 3), 1), undefined, undefined, 1e-3);
      return [r.mean, r.variance];
    };
    const expected = await runOn('cpu', stats);
    const actual = await runOn('tensorflow', stats);
    actual.forEach((values, k) => {
      expect(relativeError(values, expected[k] as Float32Array), `output ${k}`).toBeLessThan(
        TOLERANCE,
      );
    });
  });

  const networks: readonly [string, RegularizerFamily][] = [
    ['fmnist-cnn', 'gamma'],
    ['fmnist-cnn-gated', 'logistic-sigmoid'],
    ['fmnist-resnet', 'group-lasso'],
    ['fmnist-mobilenet-gated', 'logistic-sigmoid'],
  ];
  it.each(networks)(
    '%s (%s, FLOPs): loss + MorphNet term and every variable gradient',
    async (network, family) => {
      const step = () => {
        const model = buildModel(zooNetwork(network), { seed: 3, convolutions: 'native' });
        const regularizer = createNetworkRegularizer({
          graph: model.graph('training'),
          tensors: model,
          family,
          resource: 'flops',
          threshold: family === 'logistic-sigmoid' ? 0.1 : 0.01,
        });
        const xs = tf.tensor(randomValues(4 * 28 * 28, 5), [4, 28, 28, 1]);
        const ys = tf.oneHot([1, 7, 7, 2], 10);
        const vars = model.trainableVariables();
        const { value, grads } = tf.variableGrads(() => {
          const logits = model.apply(xs, { training: true, step: 3, seed: 42 })[0] as tf.Tensor;
          const ce = tf.losses.softmaxCrossEntropy(ys, logits) as tf.Scalar;
          return tf.add(ce, tf.mul(regularizer.getRegularizationTerm(), 1e-6)) as tf.Scalar;
        }, vars);
        const out = [
          value,
          regularizer.getRegularizationTerm(),
          ...vars.map((v) => grads[v.name] as tf.Tensor),
        ];
        model.dispose();
        return out;
      };
      const expected = await runOn('cpu', step);
      const actual = await runOn('tensorflow', step);
      expect(actual.length).toBe(expected.length);
      expect(relativeError(actual[0]!, expected[0]!), 'loss').toBeLessThan(TOLERANCE);
      expect(relativeError(actual[1]!, expected[1]!), 'MorphNet term').toBeLessThan(TOLERANCE);
      // The gradients as one vector: a per-tensor ratio is meaningless for the few tensors whose
      // gradient nearly cancels (e.g. a BN scale of 8e-4 where float32 summation order alone
      // moves it by 1e-7); each op's own check above is per output.
      const flat = (outs: Float32Array[]) =>
        Float32Array.from(outs.slice(2).flatMap((o) => [...o]));
      expect(relativeError(flat(actual), flat(expected)), 'gradients').toBeLessThan(TOLERANCE);
    },
  );
});
