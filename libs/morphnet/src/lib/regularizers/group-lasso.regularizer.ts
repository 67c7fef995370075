import * as tf from '@tensorflow/tfjs-core';
import { MorphnetError } from '../errors';
import type { OpRegularizer, TensorGetter } from './op-regularizer';

/**
 * Group-lasso regularizer (docs/morphnet.md §5.3): per output channel
 * `(1-f)·RMS(w) + f·mean|w|` over `reduceAxes` (RMS, not the plain L2 norm — a reference
 * quirk), alive `value > threshold`.
 * Throws `INVALID_ARGUMENT` if `l1Fraction ∉ [0,1]` or the weight rank does not match.
 */
export class GroupLassoRegularizer implements OpRegularizer {
  constructor(
    private readonly weights: TensorGetter,
    private readonly reduceAxes: readonly number[],
    private readonly threshold: number,
    readonly size: number,
    private readonly l1Fraction = 0,
  ) {
    if (!(l1Fraction >= 0 && l1Fraction <= 1)) {
      throw new MorphnetError(
        'INVALID_ARGUMENT',
        `l1Fraction must be in [0, 1], got ${l1Fraction}`,
      );
    }
    // Only a pure RMS vector is a square root whose radicand the L2 combiner may use; a mixed
    // one is squared like any other vector, as in the reference (docs/morphnet.md §5.7).
    if (l1Fraction === 0) this.regularizationRadicand = () => this.meanSquare();
  }

  /** `mean(w²)` over the reduce axes when the vector is its square root (`l1Fraction` 0). */
  readonly regularizationRadicand?: () => tf.Tensor1D;

  private read(): tf.Tensor {
    const w = this.weights();
    if (w.rank !== this.reduceAxes.length + 1) {
      throw new MorphnetError(
        'INVALID_ARGUMENT',
        `weights of rank ${w.rank} do not fit reduce axes [${this.reduceAxes.join(',')}]`,
      );
    }
    return w;
  }

  private meanSquare(): tf.Tensor1D {
    return tf.mean(tf.square(this.read()), [...this.reduceAxes]) as tf.Tensor1D;
  }

  regularizationVector(): tf.Tensor1D {
    const l2 = tf.sqrt(this.meanSquare());
    if (this.l1Fraction === 0) return l2;
    const l1 = tf.mean(tf.abs(this.read()), [...this.reduceAxes]);
    return tf.add(tf.mul(l1, this.l1Fraction), tf.mul(l2, 1 - this.l1Fraction)) as tf.Tensor1D;
  }

  aliveVector(): tf.Tensor1D {
    return tf.tidy(() => tf.greater(this.regularizationVector(), this.threshold));
  }
}
