import {
  backend_util,
  DepthwiseConv2dNativeBackpropFilter,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

interface Attrs {
  strides: [number, number] | number;
  dilations: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/**
 * Depthwise-conv filter gradient, computed directly on the wasm heap in JavaScript:
 * `dW[kh, kw, c, m] = Σ_{n,oh,ow} x[n, oh·s + kh·d - pad, ow·s + kw·d - pad, c] · dy[n, oh, ow, c·M + m]`.
 * XNNPACK offers no depthwise weight gradient and the per-channel filters rule out a single
 * forward convolution; the work is small (`kh·kw` multiply-adds per `dy` element), so one pass
 * with float64 accumulators is fast enough and exact to float32 rounding. Single-threaded.
 */
const depthwiseBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as BackendWasm;
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, dilations, pad, dimRoundingMode, filterShape } = attrs as unknown as Attrs;
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    dilations,
    pad,
    dimRoundingMode,
    true,
  );
  const [kh, kw, channels, multiplier] = filterShape;
  const { batchSize, inHeight, inWidth, outHeight, outWidth } = info;
  const acc = new Float64Array(kh * kw * channels * multiplier);
  const xs = wasm.typedArrayFromHeap(x) as Float32Array;
  const dys = wasm.typedArrayFromHeap(dy) as Float32Array;
  const outChannels = channels * multiplier;
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const dyBase = ((n * outHeight + oh) * outWidth + ow) * outChannels;
        for (let i = 0; i < kh; i++) {
          const ih = oh * info.strideHeight + i * info.dilationHeight - info.padInfo.top;
          if (ih < 0 || ih >= inHeight) continue;
          for (let j = 0; j < kw; j++) {
            const iw = ow * info.strideWidth + j * info.dilationWidth - info.padInfo.left;
            if (iw < 0 || iw >= inWidth) continue;
            const xBase = ((n * inHeight + ih) * inWidth + iw) * channels;
            const accBase = (i * kw + j) * outChannels;
            for (let c = 0; c < channels; c++) {
              const xv = xs[xBase + c] as number;
              for (let m = 0; m < multiplier; m++) {
                const k = c * multiplier + m;
                acc[accBase + k] = (acc[accBase + k] as number) + xv * (dys[dyBase + k] as number);
              }
            }
          }
        }
      }
    }
  }
  const out = wasm.makeOutput(filterShape, 'float32');
  (wasm.typedArrayFromHeap(out) as Float32Array).set(acc);
  return out;
};

/** Registration record for {@link depthwiseBackpropFilter} on the `wasm` backend. */
export const depthwiseBackpropFilterConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropFilter,
};
