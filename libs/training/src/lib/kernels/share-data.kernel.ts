import {
  Cast,
  getKernel,
  Identity,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * `Identity`, and `Cast` to the dtype the tensor already has, as a new reference to the same
 * buffer (as tfjs' `cpu` backend and wasm's own `Reshape` do) instead of a copy. Tensors are
 * immutable in tfjs and no wasm kernel writes into its inputs, so sharing is safe. The copies
 * were pure waste in training: the engine clones every tensor a gradient saves
 * (`saveTensorsForBackwardMode`, ~30 `Identity` per step of the reference network, ten of
 * them full activations per layer), and `moments`, the ReLU and Square gradients and the Cast
 * gradient run float32→float32 `Cast`s; together ~70 ms per step on the 2-core machine.
 */
function share(backend: BackendWasm, x: TensorInfo): TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

const identity: KernelFunc = ({ inputs, backend }) => {
  const x = inputs['x'] as TensorInfo;
  // Strings live in JS, not on the heap; the stock kernel handles them.
  if (x.dtype === 'string') return stockKernel(Identity)({ inputs, backend, attrs: {} });
  return share(backend as BackendWasm, x);
};

const cast: KernelFunc = (args) => {
  const x = args.inputs['x'] as TensorInfo;
  if (args.attrs?.['dtype'] !== x.dtype || x.dtype === 'string') return stockKernel(Cast)(args);
  return share(args.backend as BackendWasm, x);
};

function stockKernel(name: string): KernelFunc {
  const stock = STOCK.get(name);
  if (!stock) throw new Error(`stock wasm ${name} kernel missing`);
  return stock;
}

// The stock kernels, captured before ours replace them (real conversions still need Cast's).
const STOCK = new Map<string, KernelFunc>();

/** Builds the `Identity` and `Cast` overrides; must run after the stock wasm kernels are registered. */
export function shareDataConfigs(): KernelConfig[] {
  return [
    [Identity, identity],
    [Cast, cast],
  ].map(([kernelName, kernelFunc]) => {
    const name = kernelName as string;
    const stock = getKernel(name, 'wasm');
    if (!stock) throw new Error(`stock wasm ${name} kernel missing`);
    // Built twice (a second caller), the registry may already hold ours: keep the real stock.
    if (stock.kernelFunc !== kernelFunc) STOCK.set(name, stock.kernelFunc);
    return {
      kernelName: name,
      backendName: 'wasm',
      kernelFunc: kernelFunc as KernelFunc,
      setupFunc: stock.setupFunc,
    };
  });
}
