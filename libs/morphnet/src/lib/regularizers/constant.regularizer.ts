import * as tf from '@tensorflow/tfjs-core';
import type { OpRegularizer } from './op-regularizer';

/**
 * Regularization 0 and every channel alive (docs/morphnet.md §5.6); stands in for unregularized
 * slices.
 */
export class ConstantOpRegularizer implements OpRegularizer {
  constructor(readonly size: number) {}

  regularizationVector(): tf.Tensor1D {
    return tf.zeros([this.size]);
  }

  aliveVector(): tf.Tensor1D {
    return tf.ones([this.size], 'bool');
  }
}
