import * as tf from '@tensorflow/tfjs-core';
import type { MorphModel, NetworkRegularizer } from '@morphsweep/morphnet';
import type { Batch } from '../data/batch';
import type { SlotOptimizer } from './optimizer.state';

/** Options of {@link trainStep}. */
export interface TrainStepOptions {
  /** The training step being taken (gate annealing). */
  readonly step: number;
  /** Seed of this step's gate noise and dropout. */
  readonly seed: number;
  /** Adds `strength × getRegularizationTerm()` to the loss when given. */
  readonly regularizer?: NetworkRegularizer;
  readonly strength?: number;
}

/** The losses of one step, read back from the device. */
export interface StepLosses {
  /** Mean softmax cross-entropy of the batch. */
  readonly taskLoss: number;
  /** `strength × regularization term` (0 without a regularizer). */
  readonly regLoss: number;
}

/**
 * One optimisation step on `batch`: loss = cross-entropy (+ strength × MorphNet term),
 * gradients of every optimizer variable, one optimizer update. Creates no lasting tensors
 * (the model's sampled gate masks are replaced, not added).
 */
export function trainStep(
  model: MorphModel,
  optimizer: SlotOptimizer,
  batch: Batch,
  options: TrainStepOptions,
): StepLosses {
  const kept: tf.Scalar[] = [];
  tf.tidy(() => {
    const { grads } = tf.variableGrads(() => {
      const logits = model.apply(batch.xs, {
        training: true,
        step: options.step,
        seed: options.seed,
      })[0] as tf.Tensor;
      const ce = tf.losses.softmaxCrossEntropy(batch.ys, logits) as tf.Scalar;
      kept.push(tf.keep(ce));
      if (!options.regularizer) return ce;
      const reg = tf.mul(
        options.regularizer.getRegularizationTerm(),
        options.strength ?? 0,
      ) as tf.Scalar;
      kept.push(tf.keep(reg));
      return tf.add(ce, reg) as tf.Scalar;
    }, optimizer.variables as tf.Variable[]);
    optimizer.apply(optimizer.variables.map((v) => grads[v.name]));
  });
  const values = tf.tidy(() => tf.stack(kept).dataSync());
  tf.dispose(kept);
  return { taskLoss: values[0] ?? Number.NaN, regLoss: values[1] ?? 0 };
}
