import * as tf from '@tensorflow/tfjs-core';
import type { OpRegularizer } from './op-regularizer';

/**
 * Wraps a source's regularizer (docs/morphnet.md §4.9); applied by the network regularizer to
 * every source.
 */
export type RegularizerDecorator = (regularizer: OpRegularizer) => OpRegularizer;

/**
 * Decorator that multiplies the regularization vector by `scale` and keeps the alive vector
 * (the reference test `DummyDecorator`; also a simple per-network re-weighting).
 */
export function scaleRegularizer(scale: number): RegularizerDecorator {
  return (inner) => ({
    size: inner.size,
    isProbabilistic: inner.isProbabilistic,
    regularizationVector: () => tf.mul(inner.regularizationVector(), scale) as tf.Tensor1D,
    aliveVector: () => inner.aliveVector(),
  });
}
