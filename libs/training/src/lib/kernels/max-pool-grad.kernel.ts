import { backend_util, MaxPoolGrad, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

interface Attrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * Max-pool gradient in one JavaScript pass over the wasm heap: each output's gradient goes
 * to the first maximum of its window (row-major), as in tfjs' cpu kernel; overlapping windows
 * accumulate. The stock wasm kernel took ~270 ms per step of the reference network for what
 * this does in a few milliseconds.
 */
const maxPoolGrad: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as BackendWasm;
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as Attrs;
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode,
  );
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const dx = wasm.makeOutput(input.shape, 'float32');
  // Views taken after the allocation: a heap growth would detach earlier ones.
  const xs = wasm.typedArrayFromHeap(input) as Float32Array;
  const dys = wasm.typedArrayFromHeap(dy) as Float32Array;
  const dxs = wasm.typedArrayFromHeap(dx) as Float32Array;
  dxs.fill(0);
  let o = 0;
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const h0 = oh * info.strideHeight - info.padInfo.top;
      for (let ow = 0; ow < outWidth; ow++) {
        const w0 = ow * info.strideWidth - info.padInfo.left;
        for (let c = 0; c < channels; c++, o++) {
          let best = -1;
          let max = Number.NEGATIVE_INFINITY;
          for (let i = 0; i < info.effectiveFilterHeight; i += info.dilationHeight) {
            const h = h0 + i;
            if (h < 0 || h >= inHeight) continue;
            for (let j = 0; j < info.effectiveFilterWidth; j += info.dilationWidth) {
              const w = w0 + j;
              if (w < 0 || w >= inWidth) continue;
              const index = ((n * inHeight + h) * inWidth + w) * channels + c;
              const value = xs[index] as number;
              if (value > max || best < 0) {
                max = value;
                best = index;
              }
            }
          }
          if (best >= 0) dxs[best] = (dxs[best] as number) + (dys[o] as number);
        }
      }
    }
  }
  return dx;
};

/** Registration record for {@link maxPoolGrad} on the `wasm` backend. */
export const maxPoolGradConfig: KernelConfig = { kernelName: MaxPoolGrad, backendName: 'wasm', kernelFunc: maxPoolGrad };
