import {
  backend_util,
  MaxPoolGrad,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
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
 * accumulate. The stock wasm kernel took ~270 ms per step of the reference network; the
 * general loop below ~55 ms, and the 2×2 / stride 2 special case (the reference network's
 * pool, and the usual one) a fraction of that.
 */
const maxPoolGrad: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as BackendWasm;
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as Attrs;
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const dx = wasm.makeOutput(input.shape, 'float32');
  // Views taken after the allocation: a heap growth would detach earlier ones.
  const xs = wasm.typedArrayFromHeap(input) as Float32Array;
  const dys = wasm.typedArrayFromHeap(dy) as Float32Array;
  const dxs = wasm.typedArrayFromHeap(dx) as Float32Array;
  const h0 = info.padInfo.top;
  const w0 = info.padInfo.left;
  if (
    info.filterHeight === 2 &&
    info.filterWidth === 2 &&
    info.strideHeight === 2 &&
    info.strideWidth === 2 &&
    info.dilationHeight === 1 &&
    info.dilationWidth === 1 &&
    h0 === 0 &&
    w0 === 0 &&
    2 * outHeight <= inHeight &&
    2 * outWidth <= inWidth
  ) {
    maxPoolGrad2x2(xs, dys, dxs, batchSize, inHeight, inWidth, channels, outHeight, outWidth);
    return dx;
  }
  dxs.fill(0);
  let o = 0;
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const hStart = oh * info.strideHeight - h0;
      for (let ow = 0; ow < outWidth; ow++) {
        const wStart = ow * info.strideWidth - w0;
        for (let c = 0; c < channels; c++, o++) {
          let best = -1;
          let max = Number.NEGATIVE_INFINITY;
          for (let i = 0; i < info.effectiveFilterHeight; i += info.dilationHeight) {
            const h = hStart + i;
            if (h < 0 || h >= inHeight) continue;
            for (let j = 0; j < info.effectiveFilterWidth; j += info.dilationWidth) {
              const w = wStart + j;
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

/**
 * 2×2 windows at stride 2 without padding never overlap, so every input is written exactly
 * once (its gradient or 0) in the same pass that finds the maxima: no zero-fill pass, no
 * read-modify-write, and four fixed offsets instead of the general window loops. Ties and NaN
 * behave as in the general loop (the first element is taken; later ones only when greater).
 */
function maxPoolGrad2x2(
  xs: Float32Array,
  dys: Float32Array,
  dxs: Float32Array,
  batch: number,
  inHeight: number,
  inWidth: number,
  channels: number,
  outHeight: number,
  outWidth: number,
): void {
  // Odd sizes leave a last row/column that no window covers: its gradient is 0.
  if (inHeight !== 2 * outHeight || inWidth !== 2 * outWidth) dxs.fill(0);
  const rowStride = inWidth * channels;
  let o = 0;
  for (let n = 0; n < batch; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const rowBase = (n * inHeight + 2 * oh) * rowStride;
      for (let ow = 0; ow < outWidth; ow++) {
        let p00 = rowBase + 2 * ow * channels;
        for (let c = 0; c < channels; c++, o++, p00++) {
          const p01 = p00 + channels;
          const p10 = p00 + rowStride;
          const p11 = p10 + channels;
          let max = xs[p00] as number;
          let best = 0;
          const v01 = xs[p01] as number;
          if (v01 > max) {
            max = v01;
            best = 1;
          }
          const v10 = xs[p10] as number;
          if (v10 > max) {
            max = v10;
            best = 2;
          }
          if ((xs[p11] as number) > max) best = 3;
          const g = dys[o] as number;
          dxs[p00] = best === 0 ? g : 0;
          dxs[p01] = best === 1 ? g : 0;
          dxs[p10] = best === 2 ? g : 0;
          dxs[p11] = best === 3 ? g : 0;
        }
      }
    }
  }
}

/** Registration record for {@link maxPoolGrad} on the `wasm` backend. */
export const maxPoolGradConfig: KernelConfig = {
  kernelName: MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGrad,
};
