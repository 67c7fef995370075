import * as tf from '@tensorflow/tfjs-core';
import { MorphnetError } from '../errors';
import type { LayerDescription } from '../format/network.schema';

type GateLayer = Extract<LayerDescription, { op: 'gate' }>;

/** Temperature at `step` with optional annealing τ₀·0.1^(step/rate) (docs/morphnet.md §5.5). */
export function gateTemperature(layer: GateLayer, step: number | undefined): number {
  if (layer.annealingRate === undefined) return layer.temperature;
  if (step === undefined)
    throw new MorphnetError(
      'INVALID_ARGUMENT',
      `gate ${layer.name} anneals and needs the training step`,
    );
  return layer.temperature * 0.1 ** (step / layer.annealingRate);
}

/** Logistic(0,1) noise `log u − log(1−u)`, u ~ U[tiny, 1). */
export function logisticNoise(size: number, seed?: number): tf.Tensor1D {
  return tf.tidy(() => {
    const u = tf.randomUniform([size], 1.1754944e-38, 1, 'float32', seed);
    return tf.sub(tf.log(u), tf.log(tf.sub(1, u)));
  });
}

/**
 * The raw training-mode mask m (the `LogisticSigmoidGating` output): sigmoid((logit+L)/τ),
 * or in straight-through mode its hard value 1[logit+L>0] with the soft gradient; for τ = 0
 * the hard mask without gradient.
 */
export function sampleGateMask(
  layer: GateLayer,
  logits: tf.Tensor1D,
  noise: tf.Tensor1D,
  temperature: number,
): tf.Tensor1D {
  if (temperature === 0)
    return tf.tidy(() => tf.cast(tf.greater(tf.add(logits, noise), 0), 'float32') as tf.Tensor1D);
  const soft = (l: tf.Tensor): tf.Tensor1D =>
    tf.sigmoid(tf.div(tf.add(l, noise), temperature)) as tf.Tensor1D;
  if (!layer.straightThrough) return soft(logits);
  const straightThrough = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const l = args[0] as tf.Tensor;
    const s = soft(l);
    return {
      value: tf.cast(tf.greater(tf.add(l, noise), 0), 'float32'),
      gradFunc: (dy: tf.Tensor | tf.Tensor[]) =>
        tf.div(tf.mul(dy as tf.Tensor, tf.mul(s, tf.sub(1, s))), temperature),
    };
  });
  return straightThrough(logits) as tf.Tensor1D;
}

/** Inference mask 1[logit>0], times sigmoid(logit) when `softMaskForInference`. */
export function inferenceGateMask(layer: GateLayer, logits: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const hard = tf.cast(tf.greater(logits, 0), 'float32');
    return (layer.softMaskForInference ? tf.mul(hard, tf.sigmoid(logits)) : hard) as tf.Tensor1D;
  });
}

/** Applies `keepFirstChannelAlive` (max with [1,0,…,0]) and multiplies along the last axis. */
export function applyGateMask(layer: GateLayer, mask: tf.Tensor1D, x: tf.Tensor): tf.Tensor {
  const size = mask.shape[0];
  const kept = layer.keepFirstChannelAlive
    ? tf.maximum(mask, tf.cast(tf.reshape(tf.oneHot([0], size), [size]), 'float32'))
    : mask;
  return tf.mul(kept, x);
}
