import {
  backend_util,
  DepthwiseConv2dNativeBackpropInput,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { convWindow } from './conv-window';
import { insertZeros } from './insert-zeros';
import { callWasmKernel, release } from './wasm-kernel-call';

interface Attrs {
  strides: [number, number] | number;
  dilations: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
}

/**
 * Depthwise-conv input gradient as a stride-1 forward depthwise convolution on XNNPACK: `dy`
 * (spread with zeros for strides > 1) with the spatially rotated filter viewed as
 * `[kh, kw, c·M, 1]`, keeping the forward dilation; with a depth multiplier `M > 1` the `M`
 * partial results of each input channel are then summed.
 */
const depthwiseBackpropInput: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as BackendWasm;
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const { strides, dilations, pad, dimRoundingMode, inputShape } = attrs as unknown as Attrs;
  const [kh, kw, channels, multiplier] = filter.shape as [number, number, number, number];
  const info = backend_util.computeConv2DInfo(
    inputShape, [kh, kw, channels, multiplier], strides, dilations, pad, dimRoundingMode, true,
  );
  const spread = insertZeros(wasm, dy, info.strideHeight, info.strideWidth);
  const rows = convWindow({
    inputLength: spread.shape[1] as number, kernelLength: kh, stride: 1, dilation: info.dilationHeight,
    trueBefore: (kh - 1) * info.dilationHeight - info.padInfo.top, needed: info.inHeight,
  });
  const cols = convWindow({
    inputLength: spread.shape[2] as number, kernelLength: kw, stride: 1, dilation: info.dilationWidth,
    trueBefore: (kw - 1) * info.dilationWidth - info.padInfo.left, needed: info.inWidth,
  });
  const reversed = callWasmKernel(wasm, 'Reverse', { x: filter }, { dims: [0, 1] });
  const rotated = callWasmKernel(wasm, 'Reshape', { x: reversed }, { shape: [kh, kw, channels * multiplier, 1] });
  release(wasm, reversed);
  let result = callWasmKernel(wasm, 'DepthwiseConv2dNative', { x: spread, filter: rotated }, {
    strides: [1, 1], dilations: [info.dilationHeight, info.dilationWidth],
    pad: [[0, 0], [rows.padBefore, rows.padAfter], [cols.padBefore, cols.padAfter], [0, 0]],
  });
  release(wasm, spread, rotated);
  if (rows.needSlice || cols.needSlice) {
    const sliced = callWasmKernel(wasm, 'Slice', { x: result }, {
      begin: [0, rows.offset, cols.offset, 0],
      size: [info.batchSize, info.inHeight, info.inWidth, channels * multiplier],
    });
    release(wasm, result);
    result = sliced;
  }
  if (multiplier === 1) return result;
  const split = callWasmKernel(wasm, 'Reshape', { x: result }, {
    shape: [info.batchSize, info.inHeight, info.inWidth, channels, multiplier],
  });
  const out = callWasmKernel(wasm, 'Sum', { x: split }, { axis: [4], keepDims: false });
  release(wasm, result, split);
  return out;
};

/** Registration record for {@link depthwiseBackpropInput} on the `wasm` backend. */
export const depthwiseBackpropInputConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropInput,
};
