import type { backend_util, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { convWindow, type ConvWindow } from './conv-window';
import { insertZeros } from './insert-zeros';
import { callWasmKernel, release } from './wasm-kernel-call';

/**
 * What the four convolution-gradient kernels share: each runs one stock forward convolution
 * on XNNPACK with explicit padding from {@link convWindow}, then keeps the outputs the gradient
 * needs. Keeping the setup here means a fix to the padding or slicing applies to all four.
 */

/** Stock wasm forward convolution kernels a gradient can be expressed with. */
export type ForwardConvKernel = 'Conv2D' | 'DepthwiseConv2dNative';

/**
 * Runs `kernel` on `x` (NHWC) with `filter`, stride 1, the given dilations and the padding of
 * `rows`/`cols`, and slices away the leading/trailing outputs the windows say to drop. The
 * caller owns the result; `x` and `filter` are left alone.
 */
export function forwardConv(
  wasm: BackendWasm,
  kernel: ForwardConvKernel,
  x: TensorInfo,
  filter: TensorInfo,
  rows: ConvWindow,
  cols: ConvWindow,
  dilations: [number, number] = [1, 1],
): TensorInfo {
  const conv = callWasmKernel(
    wasm,
    kernel,
    { x, filter },
    {
      strides: [1, 1],
      dilations,
      dataFormat: 'NHWC',
      pad: [
        [0, 0],
        [rows.padBefore, rows.padAfter],
        [cols.padBefore, cols.padAfter],
        [0, 0],
      ],
    },
  );
  if (!rows.needSlice && !cols.needSlice) return conv;
  const out = callWasmKernel(
    wasm,
    'Slice',
    { x: conv },
    {
      begin: [0, rows.offset, cols.offset, 0],
      size: [conv.shape[0], rows.needed, cols.needed, conv.shape[3]],
    },
  );
  release(wasm, conv);
  return out;
}

/**
 * The input gradient of a (depthwise) convolution as a stride-1 forward convolution: `dy`
 * spread apart with zeros by the forward strides, padded by `(kernel - 1) · dilation - pad`,
 * yields `dx` once convolved with the spatially rotated filter. Returns the spread `dy` (the
 * caller releases it) and the windows for {@link forwardConv}.
 */
export function inputGradientSetup(
  wasm: BackendWasm,
  dy: TensorInfo,
  info: backend_util.Conv2DInfo,
): { spread: TensorInfo; rows: ConvWindow; cols: ConvWindow } {
  const spread = insertZeros(wasm, dy, info.strideHeight, info.strideWidth);
  const rows = convWindow({
    inputLength: spread.shape[1] as number,
    kernelLength: info.filterHeight,
    stride: 1,
    dilation: info.dilationHeight,
    trueBefore: (info.filterHeight - 1) * info.dilationHeight - info.padInfo.top,
    needed: info.inHeight,
  });
  const cols = convWindow({
    inputLength: spread.shape[2] as number,
    kernelLength: info.filterWidth,
    stride: 1,
    dilation: info.dilationWidth,
    trueBefore: (info.filterWidth - 1) * info.dilationWidth - info.padInfo.left,
    needed: info.inWidth,
  });
  return { spread, rows, cols };
}
