import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, KernelConfig } from '@tensorflow/tfjs-core';
// tfjs-layers registers tfjs-core's stock gradients when it loads (tfjs-core alone registers
// none). Loading it here, first, guarantees ours are installed after them and never replaced.
import '@tensorflow/tfjs-layers';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter.kernel';
import { conv2DBackpropInputConfig } from './conv2d-backprop-input.kernel';
import { depthwiseBackpropFilterConfig } from './depthwise-backprop-filter.kernel';
import { depthwiseBackpropInputConfig } from './depthwise-backprop-input.kernel';
import { fusedBatchNormGradConfig } from './batch-norm.gradient';
import { fusedBatchNormConfig } from './batch-norm.kernel';
import { maxPoolGradConfig } from './max-pool-grad.kernel';
import { reduceLeadingAxesConfigs } from './reduce-leading-axes.kernel';
import { shareDataConfigs } from './share-data.kernel';
import { meanGradConfig } from './mean.gradient';
import { tileConfig } from './tile.kernel';

const KERNELS = [
  conv2DBackpropFilterConfig,
  conv2DBackpropInputConfig,
  depthwiseBackpropFilterConfig,
  depthwiseBackpropInputConfig,
  maxPoolGradConfig,
  fusedBatchNormConfig,
];
// Global (every backend): see each file for why.
const GRADIENTS: readonly GradConfig[] = [fusedBatchNormGradConfig, meanGradConfig];
// Wrap the stock kernels, so they are built once, when first registered.
let wrapperConfigs: KernelConfig[] | undefined;

/** Names of what {@link registerWasmTrainingKernels} installs (kernels, then gradients). */
export const WASM_TRAINING_KERNELS: readonly string[] = [
  ...KERNELS.map((k) => k.kernelName),
  'Sum',
  'Mean',
  'Identity',
  'Cast',
  'Tile',
  ...GRADIENTS.map((g) => `${g.kernelName} gradient`),
];

/**
 * Installs the training kernels the stock wasm backend lacks or runs slowly:
 * `Conv2DBackpropFilter` and `Conv2DBackpropInput` as forward XNNPACK convolutions,
 * `DepthwiseConv2dNativeBackpropFilter`/`Input`, `MaxPoolGrad` in one pass, `FusedBatchNorm`
 * as XNNPACK binary ops, `Sum`/`Mean` over
 * leading axes as XNNPACK average pooling, `Identity` and same-dtype `Cast` without a copy,
 * `Tile` as block copies, and gradients for `FusedBatchNorm` (without `Tile`, sums shared)
 * and `Mean` (a broadcast instead of `ones`) — global: they apply to every backend.
 * Idempotent; replaces the stock wasm `Conv2DBackpropInput`, `MaxPoolGrad`, `FusedBatchNorm`, `Sum`, `Mean`,
 * `Identity`, `Cast` and `Tile` (the last five still serve the cases they handle well). Needs `@tensorflow/tfjs-backend-wasm` imported (it is, by this module's
 * importers). Returns {@link WASM_TRAINING_KERNELS}.
 */
export function registerWasmTrainingKernels(): readonly string[] {
  wrapperConfigs ??= [...reduceLeadingAxesConfigs(), ...shareDataConfigs(), tileConfig()];
  for (const config of [...KERNELS, ...wrapperConfigs]) {
    if (tf.getKernel(config.kernelName, 'wasm') === config) continue;
    // The stock registry refuses duplicates, so the stock Conv2DBackpropInput goes first.
    if (tf.getKernel(config.kernelName, 'wasm')) tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel(config);
  }
  for (const gradient of GRADIENTS) {
    if (tf.getGradient(gradient.kernelName) !== gradient)
      silenceOverrideWarning(() => tf.registerGradient(gradient));
  }
  return WASM_TRAINING_KERNELS;
}

// tfjs warns on every gradient override; ours is deliberate and documented above.
function silenceOverrideWarning(register: () => void): void {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).includes('Overriding the gradient')) warn(...args);
  };
  try {
    register();
  } finally {
    console.warn = warn;
  }
}
