import {
  backend_util,
  Conv2DBackpropFilter,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { forwardConv } from './conv-gradient';
import { convWindow } from './conv-window';
import { callWasmKernel, release } from './wasm-kernel-call';

interface Attrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/**
 * Conv2D filter gradient as one forward convolution on XNNPACK:
 * `dW[kh, kw, ci, co] = Σ_{n,oh,ow} x[n, oh·s + kh - pad, ow·s + kw - pad, ci] · dy[n, oh, ow, co]`
 * is a convolution of `x` laid out as `[ci, h, w, n]` (the batch becomes the channel axis)
 * with `dy` laid out as `[oh, ow, n, co]` as the filter, where the forward stride becomes the
 * dilation. Its output `[ci, kh, kw, co]` is transposed back to the filter layout.
 *
 * The whole batch goes into one convolution. XNNPACK reads each filter tap's `n` channels as
 * one contiguous run, so the batch size is the inner loop length: splitting the batch into
 * chunks (16 images, as this kernel did before) shortened that loop and cost more than the
 * cache locality it bought. Isolated, on the reference network's layers (1 thread, CPU time):
 * 16-image chunks 260 / 189 ms, whole batch 225 / 181 ms; row bands of `dy` instead of image
 * chunks were slower still (1-row bands 812 / 336 ms).
 */
const conv2DBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as BackendWasm;
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Attrs;
  if (dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter (wasm): only NHWC is supported');
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const rows = convWindow({
    inputLength: info.inHeight,
    kernelLength: info.outHeight,
    stride: 1,
    dilation: info.strideHeight,
    trueBefore: info.padInfo.top,
    needed: info.filterHeight,
  });
  const cols = convWindow({
    inputLength: info.inWidth,
    kernelLength: info.outWidth,
    stride: 1,
    dilation: info.strideWidth,
    trueBefore: info.padInfo.left,
    needed: info.filterWidth,
  });
  const xT = callWasmKernel(wasm, 'Transpose', { x }, { perm: [3, 1, 2, 0] });
  const dyT = callWasmKernel(wasm, 'Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
  const conv = forwardConv(wasm, 'Conv2D', xT, dyT, rows, cols, [
    info.strideHeight,
    info.strideWidth,
  ]);
  release(wasm, xT, dyT);
  const out = callWasmKernel(wasm, 'Transpose', { x: conv }, { perm: [1, 2, 0, 3] });
  release(wasm, conv);
  return out;
};

/** Registration record for {@link conv2DBackpropFilter} on the `wasm` backend. */
export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter,
};
