import * as tf from '@tensorflow/tfjs-core';
import type { OpRegularizer } from './op-regularizer';

/**
 * Element-wise concatenation of several regularizers' vectors, in order (docs/morphnet.md §5.6).
 */
export class ConcatRegularizer implements OpRegularizer {
  readonly size: number;

  constructor(private readonly parts: readonly OpRegularizer[]) {
    this.size = parts.reduce((s, p) => s + p.size, 0);
  }

  regularizationVector(): tf.Tensor1D {
    return tf.concat(this.parts.map((p) => p.regularizationVector()));
  }

  aliveVector(): tf.Tensor1D {
    return tf.concat(this.parts.map((p) => p.aliveVector()));
  }
}

/** Lazily slices `[begin, begin+size)` of another regularizer's vectors (docs/morphnet.md §5.6). */
export class SlicingReferenceRegularizer implements OpRegularizer {
  constructor(
    private readonly source: () => OpRegularizer,
    private readonly begin: number,
    readonly size: number,
  ) {}

  regularizationVector(): tf.Tensor1D {
    return tf.slice(this.source().regularizationVector(), this.begin, this.size);
  }

  aliveVector(): tf.Tensor1D {
    return tf.slice(this.source().aliveVector(), this.begin, this.size);
  }
}
