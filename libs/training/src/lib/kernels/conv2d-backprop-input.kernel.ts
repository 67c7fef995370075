import {
  backend_util,
  Conv2DBackpropInput,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { forwardConv, inputGradientSetup } from './conv-gradient';
import type { ConvWindow } from './conv-window';
import { callWasmKernel, release } from './wasm-kernel-call';

interface Attrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
}

/**
 * Conv2D input gradient as one stride-1 forward convolution on XNNPACK: `dy` (spread apart
 * with zeros when the forward stride is > 1) convolved with the filter rotated by 180° and
 * with its channel axes swapped, padded by `kernel - 1 - pad`. The stock wasm kernel computes
 * the same result about 10× slower.
 */
const conv2DBackpropInput: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as BackendWasm;
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as Attrs;
  if (dataFormat === 'NCHW') throw new Error('Conv2DBackpropInput (wasm): only NHWC is supported');
  const info = backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { spread, rows, cols } = inputGradientSetup(wasm, dy, info);
  const reversed = callWasmKernel(wasm, 'Reverse', { x: filter }, { dims: [0, 1] });
  if (info.inChannels === 1) return singleChannel(wasm, spread, reversed, info, rows, cols);
  const rotated = callWasmKernel(wasm, 'Transpose', { x: reversed }, { perm: [0, 1, 3, 2] });
  release(wasm, reversed);
  const out = forwardConv(wasm, 'Conv2D', spread, rotated, rows, cols);
  release(wasm, spread, rotated);
  return out;
};

/**
 * A one-channel input (a network's image input: tfjs-core's fused conv2d computes this
 * gradient whether or not anything needs it) gives a convolution with a single output
 * channel, which XNNPACK's GEMM tiles (8 channels wide) run at a fraction of their speed.
 * Per-channel products as a depthwise convolution, then a sum over the channels, compute the
 * same thing several times faster. `reversed` is the spatially flipped `[kh, kw, 1, co]`
 * filter; both inputs are released here.
 */
function singleChannel(
  wasm: BackendWasm,
  spread: TensorInfo,
  reversed: TensorInfo,
  info: backend_util.Conv2DInfo,
  rows: ConvWindow,
  cols: ConvWindow,
): TensorInfo {
  const depthwise = callWasmKernel(
    wasm,
    'Reshape',
    { x: reversed },
    { shape: [info.filterHeight, info.filterWidth, info.outChannels, 1] },
  );
  const products = forwardConv(wasm, 'DepthwiseConv2dNative', spread, depthwise, rows, cols);
  release(wasm, spread, reversed, depthwise);
  const out = callWasmKernel(wasm, 'Sum', { x: products }, { axis: [3], keepDims: true });
  release(wasm, products);
  return out;
}

/** Registration record for {@link conv2DBackpropInput} on the `wasm` backend. */
export const conv2DBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInput,
};
