import {
  getKernel,
  Tile,
  util,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

type HeapArray = Float32Array | Int32Array | Uint8Array;

/**
 * `Tile` as block copies on the wasm heap: each innermost row of the input is copied once, and
 * every repetition along an axis is a `copyWithin` of the block already written, doubling the
 * copied length each time (memcpy speed, a handful of calls). The stock wasm kernel computes
 * a source index per output element: broadcasting a `[1,1,1,64]` tensor to the reference
 * network's `[64,28,28,64]` activations took ~500 ms, against ~55 ms for tfjs-core's
 * `mul(x, ones(shape))` and a few ms here. Strings (kept in JS, not on the heap) go to the
 * stock kernel.
 */
function tileKernel(stock: KernelFunc): KernelFunc {
  return (args) => {
    const x = args.inputs['x'] as TensorInfo;
    if (x.dtype === 'string' || x.dtype === 'complex64') return stock(args);
    const reps = args.attrs?.['reps'] as number[];
    const wasm = args.backend as BackendWasm;
    const outShape = x.shape.map((d, i) => d * (reps[i] as number));
    const out = wasm.makeOutput(outShape, x.dtype);
    if (util.sizeFromShape(outShape) === 0) return out;
    // Views taken after the allocation: a heap growth would detach earlier ones.
    const src = wasm.typedArrayFromHeap(x) as HeapArray;
    const dst = wasm.typedArrayFromHeap(out) as HeapArray;
    // Sizes of one index step along each axis, in the input and in the output.
    const srcInner = util.computeStrides(x.shape).concat(1);
    const dstInner = util.computeStrides(outShape).concat(1);
    const fill = (dim: number, from: number, to: number): void => {
      const size = x.shape[dim] as number;
      if (dim === x.shape.length - 1) dst.set(src.subarray(from, from + size), to);
      else
        for (let i = 0; i < size; i++)
          fill(dim + 1, from + i * (srcInner[dim] as number), to + i * (dstInner[dim] as number));
      repeat(dst, to, size * (dstInner[dim] as number), reps[dim] as number);
    };
    fill(0, 0, 0);
    return out;
  };
}

/** Repeats `array[start, start + length)` so that it occurs `times` times in a row. */
function repeat(array: HeapArray, start: number, length: number, times: number): void {
  const total = length * times;
  for (let done = length; done < total;) {
    const n = Math.min(done, total - done);
    array.copyWithin(start + done, start, start + n);
    done += n;
  }
}

/** Builds the `Tile` override; must run after the stock wasm kernels are registered. */
export function tileConfig(): KernelConfig {
  const stock = getKernel(Tile, 'wasm');
  if (!stock) throw new Error('stock wasm Tile kernel missing');
  return {
    kernelName: Tile,
    backendName: 'wasm',
    kernelFunc: tileKernel(stock.kernelFunc),
    setupFunc: stock.setupFunc,
  };
}
