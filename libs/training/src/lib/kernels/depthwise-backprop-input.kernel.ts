import {
  backend_util,
  DepthwiseConv2dNativeBackpropInput,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { forwardConv, inputGradientSetup } from './conv-gradient';
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
    inputShape,
    [kh, kw, channels, multiplier],
    strides,
    dilations,
    pad,
    dimRoundingMode,
    true,
  );
  const { spread, rows, cols } = inputGradientSetup(wasm, dy, info);
  const reversed = callWasmKernel(wasm, 'Reverse', { x: filter }, { dims: [0, 1] });
  const rotated = callWasmKernel(
    wasm,
    'Reshape',
    { x: reversed },
    { shape: [kh, kw, channels * multiplier, 1] },
  );
  release(wasm, reversed);
  const result = forwardConv(wasm, 'DepthwiseConv2dNative', spread, rotated, rows, cols, [
    info.dilationHeight,
    info.dilationWidth,
  ]);
  release(wasm, spread, rotated);
  if (multiplier === 1) return result;
  const split = callWasmKernel(
    wasm,
    'Reshape',
    { x: result },
    {
      shape: [info.batchSize, info.inHeight, info.inWidth, channels, multiplier],
    },
  );
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
