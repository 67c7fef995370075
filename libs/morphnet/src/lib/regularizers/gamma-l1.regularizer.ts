import * as tf from '@tensorflow/tfjs-core';
import type { OpRegularizer, TensorGetter } from './op-regularizer';

// TF's |x| has gradient sign(x) (0 at 0); tfjs' abs gives -1 at 0, so supply TF's.
const absWithSignGrad = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const x = args[0] as tf.Tensor;
  return {
    value: tf.abs(x),
    gradFunc: (dy: tf.Tensor | tf.Tensor[]) => tf.mul(dy as tf.Tensor, tf.sign(x)),
  };
});

/**
 * Gamma L1 regularizer (docs/morphnet.md §5.2): regularization `|γ|`, alive `|γ| > threshold`
 * (strict).
 * `gamma` must yield a 1-D tensor of `size` values.
 */
export class GammaL1Regularizer implements OpRegularizer {
  constructor(
    private readonly gamma: TensorGetter,
    private readonly threshold: number,
    readonly size: number,
  ) {}

  regularizationVector(): tf.Tensor1D {
    return absWithSignGrad(this.gamma()) as tf.Tensor1D;
  }

  aliveVector(): tf.Tensor1D {
    return tf.tidy(() => tf.greater(tf.abs(this.gamma()), this.threshold));
  }
}
