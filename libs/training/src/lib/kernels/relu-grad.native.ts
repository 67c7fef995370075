import * as tf from '@tensorflow/tfjs-core';
import {
  Relu,
  Relu6,
  type GradConfig,
  type KernelConfig,
  type Tensor,
} from '@tensorflow/tfjs-core';
import { floatType, NATIVE_BACKEND, type NativeBackend } from './native-op';

/** Kernel: TensorFlow's `ReluGrad(dy, x)` = dy·1[x>0], one op. */
export const NATIVE_RELU_GRAD = 'MorphsweepReluGrad';
/** Kernel: TensorFlow's `Relu6Grad(dy, x)` = dy·1[0<x<6], one op. */
export const NATIVE_RELU6_GRAD = 'MorphsweepRelu6Grad';

function nativeGrad(kernelName: string, tfOp: string): KernelConfig {
  return {
    kernelName,
    backendName: NATIVE_BACKEND,
    kernelFunc: ({ inputs, backend }) => {
      const native = backend as NativeBackend;
      const { dy, x } = inputs as { dy: Tensor; x: Tensor };
      return native.executeSingleOutput(tfOp, [floatType(native)], [dy, x]);
    },
  };
}

/** `ReluGrad` and `Relu6Grad` for the native backend. */
export const nativeReluGradConfigs: readonly KernelConfig[] = [
  nativeGrad(NATIVE_RELU_GRAD, 'ReluGrad'),
  nativeGrad(NATIVE_RELU6_GRAD, 'Relu6Grad'),
];

const nativeHas = (kernel: string): boolean =>
  tf.getBackend() === NATIVE_BACKEND && tf.getKernel(kernel, NATIVE_BACKEND) !== undefined;

/**
 * Gradients of `Relu` and `Relu6`. tfjs-core's own are `dy·step(x)` and
 * `dy·cast(0<x≤6)`; tfjs-node composes `Step` from five ops (IsNan, Greater, Select, …) and
 * the product is a sixth, each a full-size activation pass: ~15 % of a reference-network step
 * on node. On the native backend these run TensorFlow's fused `ReluGrad` / `Relu6Grad`; on
 * every other backend they are tfjs-core's formulas unchanged (gradients are global in tfjs).
 */
export const reluGradConfigs: readonly GradConfig[] = [
  {
    kernelName: Relu,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as [Tensor];
      return {
        x: () =>
          nativeHas(NATIVE_RELU_GRAD)
            ? tf.engine().runKernel(NATIVE_RELU_GRAD, { dy: dy as Tensor, x }, {})
            : tf.mul(dy as Tensor, tf.cast(tf.step(x), 'float32')),
      } as Record<string, () => Tensor>;
    },
  },
  {
    kernelName: Relu6,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as [Tensor];
      return {
        x: () =>
          nativeHas(NATIVE_RELU6_GRAD)
            ? tf.engine().runKernel(NATIVE_RELU6_GRAD, { dy: dy as Tensor, x }, {})
            : tf.mul(dy as Tensor, tf.cast(tf.mul(tf.lessEqual(x, 6), tf.step(x)), 'float32')),
      } as Record<string, () => Tensor>;
    },
  },
];
