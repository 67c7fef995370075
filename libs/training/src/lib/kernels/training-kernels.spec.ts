import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { randomValues, relativeError, runOn } from '../../test/backends';

type Pad = 'same' | 'valid';
interface ConvCase {
  x: [number, number, number, number];
  k: [number, number];
  outC: number;
  stride: number;
  pad: Pad;
}

const CONV_CASES: ConvCase[] = [
  { x: [2, 7, 7, 3], k: [3, 3], outC: 4, stride: 1, pad: 'same' },
  { x: [2, 7, 7, 3], k: [3, 3], outC: 4, stride: 1, pad: 'valid' },
  { x: [2, 7, 7, 3], k: [3, 3], outC: 4, stride: 2, pad: 'same' },
  { x: [2, 8, 8, 3], k: [3, 3], outC: 4, stride: 2, pad: 'same' },
  { x: [2, 8, 7, 3], k: [3, 3], outC: 5, stride: 2, pad: 'valid' },
  { x: [1, 9, 8, 2], k: [5, 4], outC: 3, stride: 3, pad: 'valid' },
  { x: [3, 6, 6, 2], k: [2, 2], outC: 3, stride: 1, pad: 'same' },
  { x: [2, 5, 5, 4], k: [1, 1], outC: 6, stride: 2, pad: 'same' },
  // An odd, larger batch: the batch is the channel axis of the filter-gradient convolution.
  { x: [37, 6, 6, 3], k: [3, 3], outC: 4, stride: 1, pad: 'same' },
  // One input channel (an image input): the input gradient's depthwise + sum path.
  { x: [3, 7, 7, 1], k: [3, 3], outC: 5, stride: 1, pad: 'same' },
  { x: [2, 8, 7, 1], k: [3, 2], outC: 4, stride: 2, pad: 'valid' },
];

const TOLERANCE = 1e-4;
// Largest relative error seen per kernel, printed once so the figures can be quoted.
const worst: Record<string, number> = {};
function check(
  kernel: string,
  actual: Float32Array | undefined,
  expected: Float32Array | undefined,
): void {
  const error = relativeError(actual!, expected!);
  worst[kernel] = Math.max(worst[kernel] ?? 0, error);
  expect(error).toBeLessThan(TOLERANCE);
}
afterAll(() => console.info('max relative error vs reference:', worst));

function outSize(n: number, k: number, stride: number, pad: Pad, dilation = 1): number {
  const eff = (k - 1) * dilation + 1;
  return pad === 'same' ? Math.ceil(n / stride) : Math.floor((n - eff) / stride) + 1;
}

describe('wasm training kernels match cpu', () => {
  it.each(CONV_CASES)('Conv2DBackpropFilter/Input %o', async (c) => {
    const [n, h, w, inC] = c.x;
    const dyShape = [
      n,
      outSize(h, c.k[0], c.stride, c.pad),
      outSize(w, c.k[1], c.stride, c.pad),
      c.outC,
    ];
    const filterShape: [number, number, number, number] = [c.k[0], c.k[1], inC, c.outC];
    const xv = randomValues(n * h * w * inC, 1);
    const dyv = randomValues(
      dyShape.reduce((a, b) => a * b),
      2,
    );
    const fv = randomValues(
      filterShape.reduce((a, b) => a * b),
      3,
    );
    const compute = () => {
      const x = tf.tensor4d(xv, c.x);
      const dy = tf.tensor(dyv, dyShape);
      const filter = tf.tensor4d(fv, filterShape);
      return [
        tf.conv2d(x, filter, c.stride, c.pad),
        tf
          .engine()
          .runKernel(
            'Conv2DBackpropFilter',
            { x, dy },
            { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', filterShape },
          ) as tf.Tensor,
        tf
          .engine()
          .runKernel(
            'Conv2DBackpropInput',
            { dy, filter },
            { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x },
          ) as tf.Tensor,
      ];
    };
    const expected = await runOn('cpu', compute);
    const actual = await runOn('wasm', compute);
    check('Conv2D (sanity)', actual[0], expected[0]);
    check('Conv2DBackpropFilter', actual[1], expected[1]);
    check('Conv2DBackpropInput', actual[2], expected[2]);
  });

  const DEPTHWISE_CASES = [
    { x: [2, 7, 7, 3], k: 3, m: 1, stride: 1, dilation: 1, pad: 'same' },
    { x: [2, 7, 7, 3], k: 3, m: 2, stride: 1, dilation: 1, pad: 'valid' },
    { x: [2, 8, 8, 3], k: 3, m: 1, stride: 2, dilation: 1, pad: 'same' },
    { x: [2, 7, 6, 2], k: 3, m: 3, stride: 2, dilation: 1, pad: 'valid' },
    { x: [2, 9, 9, 2], k: 3, m: 2, stride: 1, dilation: 2, pad: 'same' },
    { x: [1, 9, 8, 3], k: 2, m: 1, stride: 1, dilation: 3, pad: 'valid' },
  ] as const;

  it.each(DEPTHWISE_CASES)('DepthwiseConv2dNativeBackpropFilter/Input %o', async (c) => {
    const [n, h, w, ch] = c.x;
    const d = c.dilation;
    const dyShape = [
      n,
      outSize(h, c.k, c.stride, c.pad, d),
      outSize(w, c.k, c.stride, c.pad, d),
      ch * c.m,
    ];
    const filterShape: [number, number, number, number] = [c.k, c.k, ch, c.m];
    const xv = randomValues(n * h * w * ch, 4);
    const dyv = randomValues(
      dyShape.reduce((a, b) => a * b),
      5,
    );
    const fv = randomValues(
      filterShape.reduce((a, b) => a * b),
      6,
    );
    const attrs = { strides: [c.stride, c.stride], dilations: [d, d], pad: c.pad };
    const compute = () => {
      const x = tf.tensor4d(xv, [...c.x]);
      const dy = tf.tensor(dyv, dyShape);
      const filter = tf.tensor4d(fv, filterShape);
      return [
        tf
          .engine()
          .runKernel(
            'DepthwiseConv2dNativeBackpropFilter',
            { x, dy },
            { ...attrs, filterShape },
          ) as tf.Tensor,
        tf
          .engine()
          .runKernel(
            'DepthwiseConv2dNativeBackpropInput',
            { dy, filter },
            { ...attrs, inputShape: [...c.x] },
          ) as tf.Tensor,
      ];
    };
    // tfjs-backend-cpu's depthwise gradient kernels ignore dilation (unreachable through
    // tf.grad, which rejects dilation > 1), so dilated cases use an independent reference.
    const expected = d === 1 ? await runOn('cpu', compute) : await dilatedReference();
    const actual = await runOn('wasm', compute);
    check('DepthwiseConv2dNativeBackpropFilter', actual[0], expected[0]);
    check('DepthwiseConv2dNativeBackpropInput', actual[1], expected[1]);

    // The forward depthwise conv is linear in x and in W, so each gradient entry is
    // <dy, conv(basis vector)>, computed with cpu's forward kernel (which handles dilation).
    async function dilatedReference(): Promise<Float32Array[]> {
      const forward = (x: tf.Tensor4D, f: tf.Tensor4D) =>
        tf.depthwiseConv2d(x, f, [c.stride, c.stride], c.pad, 'NHWC', [d, d]);
      const probe = (
        size: number,
        shape: [number, number, number, number],
        other: (basis: tf.Tensor4D) => tf.Tensor4D,
      ) =>
        runOn('cpu', () => {
          const dy = tf.tensor(dyv, dyShape);
          const values: number[] = [];
          for (let i = 0; i < size; i++) {
            const basis = tf.reshape(
              tf.cast(tf.oneHot(tf.tensor1d([i], 'int32'), size), 'float32'),
              shape,
            ) as tf.Tensor4D;
            values.push(tf.sum(tf.mul(dy, other(basis))).dataSync()[0] as number);
          }
          return tf.tensor1d(values);
        });
      const x = () => tf.tensor4d(xv, [...c.x]);
      const f = () => tf.tensor4d(fv, filterShape);
      const [dW] = await probe(fv.length, filterShape, (basis) => forward(x(), basis));
      const [dX] = await probe(xv.length, [...c.x], (basis) => forward(basis, f()));
      return [dW!, dX!];
    }
  });

  const POOL_CASES = [
    { x: [2, 8, 8, 3], size: 2, stride: 2, pad: 'valid' },
    // 2×2 / stride 2 special case with an uncovered last row and column, and with padding.
    { x: [2, 7, 5, 3], size: 2, stride: 2, pad: 'valid' },
    { x: [1, 7, 7, 2], size: 2, stride: 2, pad: 'same' },
    { x: [2, 7, 7, 3], size: 3, stride: 2, pad: 'same' },
    { x: [1, 6, 5, 2], size: 3, stride: 1, pad: 'same' },
  ] as const;

  it.each(POOL_CASES)('MaxPoolGrad %o (ties included)', async (c) => {
    const size = (c.x as readonly number[]).reduce((a, b) => a * b, 1);
    // Rounded values make ties common, so first-maximum-wins is checked too.
    const xv = randomValues(size, 7).map((v) => Math.round(v * 3));
    const compute = () => {
      const x = tf.tensor4d(xv, [...c.x]);
      return tf.grad((input: tf.Tensor) =>
        tf.sum(tf.mul(tf.maxPool(input as tf.Tensor4D, c.size, c.stride, c.pad), 1.5)),
      )(x);
    };
    check('MaxPoolGrad', (await runOn('wasm', compute))[0], (await runOn('cpu', compute))[0]);
  });

  const REDUCE_CASES = [
    { shape: [4, 5, 6, 7], axis: [0, 1, 2], keepDims: false },
    { shape: [4, 5, 6, 7], axis: [1, 2], keepDims: true },
    { shape: [4, 5, 6, 7], axis: [0], keepDims: false },
    { shape: [4, 5, 6, 7], axis: [3], keepDims: false },
    { shape: [4, 5, 6, 7], axis: [0, 2], keepDims: false },
    { shape: [30, 3], axis: [0], keepDims: true },
  ];

  it.each(REDUCE_CASES)('Sum and Mean %o', async (c) => {
    const xv = randomValues(
      c.shape.reduce((a, b) => a * b, 1),
      8,
    );
    const compute = () => {
      const x = tf.tensor(xv, c.shape);
      return [tf.sum(x, c.axis, c.keepDims), tf.mean(x, c.axis, c.keepDims)];
    };
    const [sum, mean] = await runOn('wasm', compute);
    const [sumRef, meanRef] = await runOn('cpu', compute);
    check('Sum', sum, sumRef);
    check('Mean', mean, meanRef);
  });

  it('Identity and same-dtype Cast share the buffer; other casts still convert', async () => {
    const xv = randomValues(24, 9);
    const compute = () => {
      const x = tf.tensor(xv, [2, 3, 4]);
      const clone = tf.clone(x);
      const same = tf.cast(x, 'float32');
      const ints = tf.cast(tf.mul(x, 10), 'int32');
      const back = tf.cast(ints, 'float32');
      // The shared buffer must outlive the tensor it came from.
      x.dispose();
      return [clone, same, back];
    };
    const [clone, same, back] = await runOn('wasm', compute);
    const [cloneRef, sameRef, backRef] = await runOn('cpu', compute);
    check('Identity', clone, cloneRef);
    check('Cast', same, sameRef);
    check('Cast', back, backRef);
    expect(Array.from(back!)).toEqual(Array.from(xv, (v) => Math.trunc(v * 10) + 0));
  });

  const TILE_CASES = [
    { shape: [1, 1, 1, 5], reps: [3, 4, 2, 1], dtype: 'float32' },
    { shape: [2, 3], reps: [3, 2], dtype: 'float32' },
    { shape: [2, 1, 3], reps: [1, 4, 1], dtype: 'int32' },
    { shape: [3], reps: [5], dtype: 'bool' },
    { shape: [2, 3, 4], reps: [1, 1, 1], dtype: 'float32' },
    { shape: [2, 0, 3], reps: [2, 2, 2], dtype: 'float32' },
  ] as const;

  it.each(TILE_CASES)('Tile %o', async (c) => {
    const size = c.shape.reduce((a: number, b: number) => a * b, 1);
    const xv = randomValues(size, 10).map((v) => (c.dtype === 'float32' ? v : Math.round(v * 5)));
    // Bools via a comparison: wasm's stock Cast to bool wraps values (-3 becomes 253).
    const typed = (x: tf.Tensor) => (c.dtype === 'bool' ? tf.greater(x, 0) : tf.cast(x, c.dtype));
    const compute = () => [
      tf.cast(tf.tile(typed(tf.tensor(xv, [...c.shape])), [...c.reps]), 'float32'),
    ];
    check('Tile', (await runOn('wasm', compute))[0], (await runOn('cpu', compute))[0]);
  });

  const BATCH_NORM_CASES = [
    { x: [2, 5, 5, 3], params: [3], scale: true, offset: true },
    { x: [2, 5, 5, 3], params: [3], scale: false, offset: false },
    { x: [2, 5, 5, 3], params: [1, 1, 1, 3], scale: true, offset: false },
    { x: [7, 4], params: [4], scale: false, offset: true },
  ];

  it.each(BATCH_NORM_CASES)('FusedBatchNorm %o', async (c) => {
    const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
    const xv = randomValues(size(c.x), 15).map((v) => 3 + 2 * v);
    const p = (seed: number, shift = 0) =>
      tf.add(tf.tensor(randomValues(size(c.params), seed), c.params), shift);
    const compute = () => {
      const x = tf.tensor(xv, c.x);
      return tf.batchNorm(
        x,
        p(16, 3),
        p(17, 1.5),
        c.offset ? p(18) : undefined,
        c.scale ? p(19) : undefined,
        1e-3,
      );
    };
    check('FusedBatchNorm', (await runOn('wasm', compute))[0], (await runOn('cpu', compute))[0]);
  });
});
