import type * as tf from '@tensorflow/tfjs-core';
import type { OpNode } from './op-graph';

/**
 * Supplies the current value of an op's output: variables (`VariableV2`), constants and the
 * latest sampled gate masks (`LogisticSigmoidGating`). A {@link MorphModel} is one; returned
 * tensors stay owned by the source.
 */
export interface TensorSource {
  tensor(op: OpNode, outputIndex: number): tf.Tensor;
}
