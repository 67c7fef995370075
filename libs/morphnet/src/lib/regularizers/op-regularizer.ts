import type * as tf from '@tensorflow/tfjs-core';

/** Lazily reads a tensor (a variable, or the latest sampled gate mask). */
export type TensorGetter = () => tf.Tensor;

/**
 * Per-channel regularization and alive bits of an op or op slice (docs/morphnet.md §5.1). Vectors
 * are built on each call from the current tensors, so gradients flow when called inside a gradient
 * scope; callers own (and dispose) the returned tensors.
 */
export interface OpRegularizer {
  /** Number of channels covered. */
  readonly size: number;
  /** Non-negative float32 vector of length `size`, differentiable w.r.t. the parameters. */
  regularizationVector(): tf.Tensor1D;
  /** Bool vector of length `size`; carries no gradient. */
  aliveVector(): tf.Tensor1D;
  /** True for the gating family; required by the Probabilistic grouping combiner. */
  readonly isProbabilistic?: boolean;
  /** When the vector is `sqrt(x)`, returns `x`, which the L2 combiner uses instead of squaring. */
  regularizationRadicand?(): tf.Tensor1D;
}
