import * as tf from '@tensorflow/tfjs-core';

/**
 * Name of an optional kernel: batch normalisation in training mode of a rank-4 NHWC `x` over
 * its first three axes, inputs `{x, scale, offset}`, attribute `{epsilon}`, outputs
 * `[y, mean, variance (biased), …]`. A backend may register it with a gradient (the training
 * library does for native TensorFlow, as TensorFlow's `FusedBatchNorm` with `is_training` and
 * `FusedBatchNormGrad`: one op each way instead of ~15 composed ones); the batch mean and
 * variance outputs carry no gradient, as in TensorFlow.
 */
export const BATCH_NORM_TRAINING_KERNEL = 'MorphsweepBatchNormTraining';

/** Result of {@link batchNormTraining}: the normalised batch and its statistics. */
export interface BatchNormTrainingResult {
  readonly y: tf.Tensor;
  readonly mean: tf.Tensor;
  /** The biased (population) batch variance. */
  readonly variance: tf.Tensor;
}

/**
 * Normalises `x` with its own batch statistics over all but the last axis: the kernel
 * {@link BATCH_NORM_TRAINING_KERNEL} where the active backend has one, else `tf.moments` +
 * `tf.batchNorm` (the same maths, composed).
 */
export function batchNormTraining(
  x: tf.Tensor,
  beta: tf.Tensor | undefined,
  gamma: tf.Tensor | undefined,
  epsilon: number,
): BatchNormTrainingResult {
  const backend = tf.getBackend();
  if (x.rank === 4 && tf.getKernel(BATCH_NORM_TRAINING_KERNEL, backend)) {
    const channels = x.shape[3] as number;
    const [y, mean, variance] = tf
      .engine()
      .runKernel(
        BATCH_NORM_TRAINING_KERNEL,
        { x, scale: gamma ?? tf.ones([channels]), offset: beta ?? tf.zeros([channels]) },
        { epsilon },
      ) as tf.Tensor[];
    return { y: y as tf.Tensor, mean: mean as tf.Tensor, variance: variance as tf.Tensor };
  }
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const moments = tf.moments(x, axes);
  return {
    y: tf.batchNorm(x, moments.mean, moments.variance, beta, gamma, epsilon),
    mean: moments.mean,
    variance: moments.variance,
  };
}
