import {
  getKernel,
  Mean,
  Sum,
  util,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * `Sum` and `Mean` over a contiguous block of axes that is not the innermost one (BatchNorm
 * moments and their gradients reduce NHWC over N,H,W; global average pooling over H,W) in one
 * JavaScript pass over the wasm heap, viewing the input as `[outer, reduced, inner]` and
 * accumulating rows in float64. The stock wasm kernels first transpose the whole tensor so
 * the reduced axes come last (a full extra copy); a GEMM with a constant row also costs a
 * full copy, to pack its operand. Every other case (innermost axes, scattered axes,
 * non-float32) goes to the stock kernel.
 */
function reduceKernel(kernelName: string, stock: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend } = args;
    const attrs = args.attrs ?? {};
    const x = inputs['x'] as TensorInfo;
    const axes = util.parseAxisParam(attrs['axis'] as number | number[], x.shape).sort((a, b) => a - b);
    const first = axes[0] ?? 0;
    const last = axes[axes.length - 1] ?? 0;
    const contiguous = axes.length > 0 && last - first === axes.length - 1;
    if (x.dtype !== 'float32' || !contiguous || last === x.shape.length - 1) return stock(args);
    const wasm = backend as BackendWasm;
    const outer = util.sizeFromShape(x.shape.slice(0, first));
    const reduced = util.sizeFromShape(x.shape.slice(first, last + 1));
    const inner = util.sizeFromShape(x.shape.slice(last + 1));
    const keepDims = attrs['keepDims'] === true;
    const shape = x.shape.map((d, i) => (axes.includes(i) ? (keepDims ? 1 : -1) : d)).filter((d) => d !== -1);
    const out = wasm.makeOutput(shape, 'float32');
    // Views taken after the allocation: a heap growth would detach earlier ones.
    const xs = wasm.typedArrayFromHeap(x) as Float32Array;
    const outs = wasm.typedArrayFromHeap(out) as Float32Array;
    const acc = new Float64Array(inner);
    const scale = kernelName === Mean ? 1 / reduced : 1;
    for (let o = 0; o < outer; o++) {
      acc.fill(0);
      let p = o * reduced * inner;
      for (let r = 0; r < reduced; r++) {
        for (let i = 0; i < inner; i++) acc[i] = (acc[i] as number) + (xs[p++] as number);
      }
      for (let i = 0; i < inner; i++) outs[o * inner + i] = (acc[i] as number) * scale;
    }
    return out;
  };
}

/** Builds the `Sum` and `Mean` overrides; must run after the stock wasm kernels are registered. */
export function reduceLeadingAxesConfigs(): KernelConfig[] {
  return ([Sum, Mean] as const).map((kernelName) => {
    const stock = getKernel(kernelName, 'wasm');
    if (!stock) throw new Error(`stock wasm ${kernelName} kernel missing`);
    return { kernelName, backendName: 'wasm', kernelFunc: reduceKernel(kernelName, stock.kernelFunc), setupFunc: stock.setupFunc };
  });
}
