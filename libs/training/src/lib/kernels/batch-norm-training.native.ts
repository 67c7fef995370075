import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, KernelConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs-core';
import { BATCH_NORM_TRAINING_KERNEL } from '@morphsweep/morphnet';
import { floatType, NATIVE_BACKEND, type NativeBackend, type NativeOpAttr } from './native-op';

/** Kernel: TensorFlow's `FusedBatchNormGrad` (training mode), outputs `[dx, dscale, doffset]`. */
export const NATIVE_BATCH_NORM_TRAINING_GRAD = 'MorphsweepBatchNormTrainingGrad';

function attrs(backend: NativeBackend, epsilon: number): NativeOpAttr[] {
  return [
    floatType(backend),
    { name: 'epsilon', type: backend.binding.TF_ATTR_FLOAT, value: epsilon },
    { name: 'data_format', type: backend.binding.TF_ATTR_STRING, value: 'NHWC' },
    { name: 'is_training', type: backend.binding.TF_ATTR_BOOL, value: true },
  ];
}

/**
 * morphnet's {@link BATCH_NORM_TRAINING_KERNEL} on native TensorFlow: one `FusedBatchNorm`
 * with `is_training` (batch moments and normalisation in one pass) where tfjs composes
 * `moments` (Mean, Sub, Square, Mean) and a `FusedBatchNorm`. Outputs
 * `[y, mean, biased variance, reserve 1, reserve 2]`; the reserves feed the gradient.
 * TensorFlow's `batch_variance` output is Bessel-corrected, so it is scaled back by (n-1)/n.
 */
export const batchNormTrainingNativeConfig: KernelConfig = {
  kernelName: BATCH_NORM_TRAINING_KERNEL,
  backendName: NATIVE_BACKEND,
  kernelFunc: ({ inputs, backend, attrs: kernelAttrs }) => {
    const native = backend as NativeBackend;
    const { x, scale, offset } = inputs as { x: Tensor; scale: Tensor; offset: Tensor };
    const epsilon = (kernelAttrs as NamedAttrMap)['epsilon'] as number;
    // Training mode takes empty mean and variance inputs.
    const empty = tf.tensor1d([], 'float32');
    const [y, mean, unbiased, reserve1, reserve2] = native.executeMultipleOutputs(
      'FusedBatchNorm',
      attrs(native, epsilon),
      [x, scale, offset, empty, empty],
      5,
    ) as [Tensor, Tensor, Tensor, Tensor, Tensor];
    empty.dispose();
    const n = (x.shape[0] as number) * (x.shape[1] as number) * (x.shape[2] as number);
    const variance = tf.mul(unbiased, tf.scalar((Math.max(n, 2) - 1) / n));
    unbiased.dispose();
    return [y, mean, variance, reserve1, reserve2];
  },
};

/** `FusedBatchNormGrad` in training mode: `[dx, dscale, doffset]` from dy, x, scale and the reserves. */
export const batchNormTrainingGradNativeConfig: KernelConfig = {
  kernelName: NATIVE_BATCH_NORM_TRAINING_GRAD,
  backendName: NATIVE_BACKEND,
  kernelFunc: ({ inputs, backend, attrs: kernelAttrs }) => {
    const native = backend as NativeBackend;
    const { dy, x, scale, reserve1, reserve2 } = inputs as Record<string, Tensor>;
    const epsilon = (kernelAttrs as NamedAttrMap)['epsilon'] as number;
    const outs = native.executeMultipleOutputs(
      'FusedBatchNormGrad',
      attrs(native, epsilon),
      [dy, x, scale, reserve1, reserve2] as Tensor[],
      5,
    );
    // The last two are placeholders TensorFlow returns for the reserves' gradients.
    tf.dispose(outs.slice(3));
    return outs.slice(0, 3);
  },
};

/**
 * Gradient of {@link BATCH_NORM_TRAINING_KERNEL}: one `FusedBatchNormGrad` computes the full
 * dx (through the batch statistics too), dscale and doffset, where tfjs ran ~15 full-size
 * ops. Only the native backend registers the forward kernel, so only it records this.
 */
export const batchNormTrainingGradConfig: GradConfig = {
  kernelName: BATCH_NORM_TRAINING_KERNEL,
  inputsToSave: ['x', 'scale'],
  outputsToSave: [false, false, false, true, true],
  gradFunc: (dys: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [x, scale, reserve1, reserve2] = saved as [Tensor, Tensor, Tensor, Tensor];
    const dy = (dys as Tensor[])[0] as Tensor;
    const [dx, dscale, doffset] = tf
      .engine()
      .runKernel(
        NATIVE_BATCH_NORM_TRAINING_GRAD,
        { dy, x, scale, reserve1, reserve2 },
        { epsilon: attrs['epsilon'] as number },
      ) as Tensor[];
    return {
      x: () => dx as Tensor,
      scale: () => dscale as Tensor,
      offset: () => doffset as Tensor,
    };
  },
};
