import * as tf from '@tensorflow/tfjs-core';

/**
 * How {@link MorphModel} computes convolutions:
 * - `native`: `tf.conv2d` / `tf.depthwiseConv2d`, whose gradients need the backend's
 *   `Conv2DBackpropFilter`/`Input` and `DepthwiseConv2dNativeBackpropFilter`/`Input` kernels;
 * - `matmul`: patch extraction + `matMul` (im2col), which trains on any backend;
 * - `auto` (default): `native` when the active backend has all four gradient kernels and is
 *   not the pure-JS `cpu` backend (whose naive gradient loops are slower than matMul),
 *   `matmul` otherwise. Stock `wasm` lacks the filter gradients; once a library registers them
 *   (e.g. `registerWasmTrainingKernels` of `@morphsweep/training`) `auto` picks `native`.
 * Both give the same values up to float rounding.
 */
export type ConvolutionMode = 'auto' | 'native' | 'matmul';

const GRADIENT_KERNELS = [
  'Conv2DBackpropFilter',
  'Conv2DBackpropInput',
  'DepthwiseConv2dNativeBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput',
];

/** Resolves `auto` against the active backend's registered kernels. */
export function resolveConvolutionMode(mode: ConvolutionMode = 'auto'): 'native' | 'matmul' {
  if (mode !== 'auto') return mode;
  const backend = tf.getBackend();
  if (!backend || backend === 'cpu') return 'matmul';
  return GRADIENT_KERNELS.every((k) => tf.getKernel(k, backend) !== undefined)
    ? 'native'
    : 'matmul';
}
