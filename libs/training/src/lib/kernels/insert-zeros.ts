import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * Spreads an NHWC tensor apart by `strideH`/`strideW`, filling the gaps with zeros:
 * `out[n, i*strideH, j*strideW, c] = x[n, i, j, c]`. This turns the input gradient of a strided
 * convolution into a stride-1 forward convolution. Returns `x` itself (one more reference)
 * when both strides are 1; otherwise a new tensor the caller owns.
 */
export function insertZeros(
  backend: BackendWasm,
  x: TensorInfo,
  strideH: number,
  strideW: number,
): TensorInfo {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  if (strideH === 1 && strideW === 1) {
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  }
  const outH = (h - 1) * strideH + 1;
  const outW = (w - 1) * strideW + 1;
  const out = backend.makeOutput([n, outH, outW, c], 'float32');
  // Views taken after the allocation: a heap growth would detach earlier ones.
  const src = backend.typedArrayFromHeap(x) as Float32Array;
  const dst = backend.typedArrayFromHeap(out) as Float32Array;
  dst.fill(0);
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        const from = ((b * h + i) * w + j) * c;
        const to = ((b * outH + i * strideH) * outW + j * strideW) * c;
        for (let k = 0; k < c; k++) dst[to + k] = src[from + k] as number;
      }
    }
  }
  return out;
}
