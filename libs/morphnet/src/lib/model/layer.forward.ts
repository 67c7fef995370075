import * as tf from '@tensorflow/tfjs-core';
import { concatAxis, pairOf } from '../format/layer.shapes';
import { conv2dByMatMul, depthwiseConv2dByPatches } from './conv.im2col';
import type { LayerDescription } from '../format/network.schema';

/** Reads a layer parameter (`kernel`, `bias`, …) of the layer being run. */
export type ParamReader = (param: string) => tf.Tensor;

const withBias = (y: tf.Tensor, useBias: boolean, p: ParamReader): tf.Tensor =>
  useBias ? tf.add(y, p('bias')) : y;

const ACTIVATIONS: Record<string, (x: tf.Tensor) => tf.Tensor> = {
  relu: tf.relu,
  relu6: tf.relu6,
  sigmoid: tf.sigmoid,
  tanh: tf.tanh,
  elu: tf.elu,
  softmax: (x) => tf.softmax(x),
  linear: (x) => x,
};

/**
 * Forward pass of every stateless-in-training layer (all but batchNorm, gate and dropout,
 * which the model runs itself). `xs` are the layer's inputs, batch first. `convolutions`
 * picks tfjs' native convolution ops or the im2col + matMul form (see `ConvolutionMode`).
 */
export function forwardLayer(
  l: LayerDescription,
  xs: readonly tf.Tensor[],
  p: ParamReader,
  convolutions: 'native' | 'matmul' = 'matmul',
): tf.Tensor {
  const x = xs[0] as tf.Tensor4D;
  type Conv = (
    x: tf.Tensor4D,
    filter: tf.Tensor4D,
    strides: [number, number],
    padding: 'same' | 'valid',
  ) => tf.Tensor4D;
  const conv: Conv =
    convolutions === 'native' ? (a, f, s, pad) => tf.conv2d(a, f, s, pad) : conv2dByMatMul;
  const depthwise: Conv =
    convolutions === 'native'
      ? (a, f, s, pad) => tf.depthwiseConv2d(a, f, s, pad)
      : depthwiseConv2dByPatches;
  switch (l.op) {
    case 'conv2d':
      return withBias(
        conv(x, p('kernel') as tf.Tensor4D, pairOf(l.strides), l.padding),
        l.useBias,
        p,
      );
    case 'depthwiseConv2d':
      return withBias(
        depthwise(x, p('depthwiseKernel') as tf.Tensor4D, pairOf(l.strides), l.padding),
        l.useBias,
        p,
      );
    case 'separableConv2d': {
      const dw = depthwise(x, p('depthwiseKernel') as tf.Tensor4D, pairOf(l.strides), l.padding);
      const y = conv(dw, p('pointwiseKernel') as tf.Tensor4D, [1, 1], 'valid');
      return withBias(y, l.useBias, p);
    }
    case 'conv2dTranspose':
      return withBias(conv2dTranspose(l, x, p('kernel') as tf.Tensor4D), l.useBias, p);
    case 'dense':
      return withBias(
        tf.matMul(x as tf.Tensor as tf.Tensor2D, p('kernel') as tf.Tensor2D),
        l.useBias,
        p,
      );
    case 'relu':
      return tf.relu(x);
    case 'relu6':
      return tf.relu6(x);
    case 'activation':
      return (ACTIVATIONS[l.activation] as (t: tf.Tensor) => tf.Tensor)(x);
    case 'softmax':
      return tf.softmax(x);
    case 'add':
      return xs.length === 2 ? tf.add(x, xs[1] as tf.Tensor) : tf.addN([...xs]);
    case 'multiply':
      return xs.slice(1).reduce((acc, y) => tf.mul(acc, y), x as tf.Tensor);
    case 'concat':
      return tf.concat([...xs], concatAxis(l.axis, x.rank));
    case 'maxPool':
      return tf.maxPool(x, pairOf(l.poolSize), pairOf(l.strides ?? l.poolSize), l.padding);
    case 'avgPool':
      return tf.avgPool(x, pairOf(l.poolSize), pairOf(l.strides ?? l.poolSize), l.padding);
    case 'globalAvgPool':
      return tf.mean(x, [1, 2]);
    case 'flatten':
      return tf.reshape(x, [x.shape[0], -1]);
    case 'reshape':
      return tf.reshape(x, [x.shape[0], ...l.targetShape]);
    default:
      throw new Error(`layer ${l.name} (${l.op}) is run by the model, not forwardLayer`);
  }
}

function conv2dTranspose(
  l: Extract<LayerDescription, { op: 'conv2dTranspose' }>,
  x: tf.Tensor4D,
  kernel: tf.Tensor4D,
): tf.Tensor {
  const [kh, kw] = pairOf(l.kernelSize);
  const [sh, sw] = pairOf(l.strides);
  const len = (n: number, k: number, s: number): number =>
    l.padding === 'same' ? n * s : n * s + Math.max(k - s, 0);
  const out: [number, number, number, number] = [
    x.shape[0],
    len(x.shape[1], kh, sh),
    len(x.shape[2], kw, sw),
    l.filters,
  ];
  return tf.conv2dTranspose(x, kernel, out, [sh, sw], l.padding);
}
