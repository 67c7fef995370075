import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, KernelConfig } from '@tensorflow/tfjs-core';
// tfjs-layers registers tfjs-core's stock gradients when it loads; loading it first
// guarantees ours replace them and are not replaced later.
import '@tensorflow/tfjs-layers';
import {
  batchNormTrainingGradConfig,
  batchNormTrainingGradNativeConfig,
  batchNormTrainingNativeConfig,
} from './batch-norm-training.native';
import { NATIVE_BACKEND } from './native-op';
import { nativeReluGradConfigs, reluGradConfigs } from './relu-grad.native';

const KERNELS: readonly KernelConfig[] = [
  batchNormTrainingNativeConfig,
  batchNormTrainingGradNativeConfig,
  ...nativeReluGradConfigs,
];
// Global in tfjs; each falls back to tfjs-core's formula off the native backend.
const GRADIENTS: readonly GradConfig[] = [batchNormTrainingGradConfig, ...reluGradConfigs];

/** Names of what {@link registerNativeTrainingKernels} installs (kernels, then gradients). */
export const NATIVE_TRAINING_KERNELS: readonly string[] = [
  ...KERNELS.map((k) => k.kernelName),
  ...GRADIENTS.map((g) => `${g.kernelName} gradient`),
];

/**
 * Installs our kernels for tfjs's native `tensorflow` backend (tfjs-node built against current
 * TensorFlow), each running one fused TensorFlow op where tfjs composes many:
 * morphnet's batch norm in training mode as `FusedBatchNorm`/`FusedBatchNormGrad`
 * (is_training), and the `Relu`/`Relu6` gradients as `ReluGrad`/`Relu6Grad`. Idempotent.
 * Returns {@link NATIVE_TRAINING_KERNELS}.
 */
export function registerNativeTrainingKernels(): readonly string[] {
  for (const config of KERNELS) {
    if (tf.getKernel(config.kernelName, NATIVE_BACKEND) === config) continue;
    if (tf.getKernel(config.kernelName, NATIVE_BACKEND))
      tf.unregisterKernel(config.kernelName, NATIVE_BACKEND);
    tf.registerKernel(config);
  }
  for (const config of GRADIENTS) {
    if (tf.getGradient(config.kernelName) === config) continue;
    // tfjs warns on every gradient override; these are deliberate (see relu-grad.native.ts).
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (!String(args[0]).includes('Overriding the gradient')) warn(...args);
    };
    try {
      tf.registerGradient(config);
    } finally {
      console.warn = warn;
    }
  }
  return NATIVE_TRAINING_KERNELS;
}
