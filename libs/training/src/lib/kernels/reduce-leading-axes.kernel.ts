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
import { callWasmKernel, release } from './wasm-kernel-call';

/**
 * `Sum` and `Mean` over a contiguous block of axes that is not the innermost one (BatchNorm
 * moments and their gradients reduce NHWC over N,H,W; global average pooling over H,W) as an
 * XNNPACK average pooling: the input viewed as `[outer, reduced, 1, inner]` images pooled by a
 * `reduced × 1` window (threaded, one read, no copy); a sum is that mean times `reduced`. The
 * stock wasm kernels first transpose the whole tensor so the reduced axes come last, which
 * cost ~15× more here. Every other case (innermost axes, scattered axes, non-float32) goes
 * to the stock kernel.
 */
function reduceKernel(kernelName: string, stock: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend } = args;
    const attrs = args.attrs ?? {};
    const x = inputs['x'] as TensorInfo;
    const axes = util
      .parseAxisParam(attrs['axis'] as number | number[], x.shape)
      .sort((a, b) => a - b);
    const first = axes[0] ?? 0;
    const last = axes[axes.length - 1] ?? 0;
    const contiguous = axes.length > 0 && last - first === axes.length - 1;
    if (x.dtype !== 'float32' || !contiguous || last === x.shape.length - 1) return stock(args);
    const wasm = backend as BackendWasm;
    const outer = util.sizeFromShape(x.shape.slice(0, first));
    const reduced = util.sizeFromShape(x.shape.slice(first, last + 1));
    const inner = util.sizeFromShape(x.shape.slice(last + 1));
    const keepDims = attrs['keepDims'] === true;
    const shape = x.shape
      .map((d, i) => (axes.includes(i) ? (keepDims ? 1 : -1) : d))
      .filter((d) => d !== -1);
    const images = callWasmKernel(wasm, 'Reshape', { x }, { shape: [outer, reduced, 1, inner] });
    const pooled = callWasmKernel(
      wasm,
      'AvgPool',
      { x: images },
      { filterSize: [reduced, 1], strides: [1, 1], pad: 'valid' },
    );
    release(wasm, images);
    if (kernelName === Sum) {
      const values = wasm.typedArrayFromHeap(pooled) as Float32Array;
      for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) * reduced;
    }
    const out = callWasmKernel(wasm, 'Reshape', { x: pooled }, { shape });
    release(wasm, pooled);
    return out;
  };
}

/** Builds the `Sum` and `Mean` overrides; must run after the stock wasm kernels are registered. */
export function reduceLeadingAxesConfigs(): KernelConfig[] {
  return ([Sum, Mean] as const).map((kernelName) => {
    const stock = getKernel(kernelName, 'wasm');
    if (!stock) throw new Error(`stock wasm ${kernelName} kernel missing`);
    return {
      kernelName,
      backendName: 'wasm',
      kernelFunc: reduceKernel(kernelName, stock.kernelFunc),
      setupFunc: stock.setupFunc,
    };
  });
}
