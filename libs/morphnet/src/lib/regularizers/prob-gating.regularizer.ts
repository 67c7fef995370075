import * as tf from '@tensorflow/tfjs-core';
import { MorphnetError } from '../errors';
import type { OpRegularizer, TensorGetter } from './op-regularizer';

/** Options of {@link ProbGatingRegularizer} (reference defaults in brackets). */
export interface ProbGatingOptions {
  /** Regularize the sampled mask rather than sigmoid(logits) [true]. */
  readonly regularizeOnMask?: boolean;
  /** Alive iff the chosen vector is ≥ this (non-strict) [0.1]. */
  readonly aliveThreshold?: number;
  /** Alive test on the mask rather than on sigmoid(logits) [true]. */
  readonly maskAsAliveVector?: boolean;
}

/**
 * FiGS probabilistic gating regularizer (docs/morphnet.md §5.4). `logits` and `mask` must be 1-D;
 * the mask is the raw sample, before the keep-first-channel max.
 */
export class ProbGatingRegularizer implements OpRegularizer {
  readonly isProbabilistic = true;
  private readonly regularizeOnMask: boolean;
  private readonly aliveThreshold: number;
  private readonly maskAsAliveVector: boolean;

  constructor(
    private readonly logits: TensorGetter,
    private readonly mask: TensorGetter,
    readonly size: number,
    options: ProbGatingOptions = {},
  ) {
    this.regularizeOnMask = options.regularizeOnMask ?? true;
    this.aliveThreshold = options.aliveThreshold ?? 0.1;
    this.maskAsAliveVector = options.maskAsAliveVector ?? true;
  }

  private read(getter: TensorGetter, what: string): tf.Tensor1D {
    const t = getter();
    if (t.rank !== 1)
      throw new MorphnetError('INVALID_ARGUMENT', `gating ${what} must be 1-D, got rank ${t.rank}`);
    return t as tf.Tensor1D;
  }

  regularizationVector(): tf.Tensor1D {
    return this.regularizeOnMask
      ? this.read(this.mask, 'mask')
      : tf.sigmoid(this.read(this.logits, 'logits'));
  }

  aliveVector(): tf.Tensor1D {
    return tf.tidy(() => {
      const v = this.maskAsAliveVector
        ? this.read(this.mask, 'mask')
        : tf.sigmoid(this.read(this.logits, 'logits'));
      return tf.greaterEqual(v, this.aliveThreshold);
    });
  }
}
