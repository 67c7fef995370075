// The reference network of the training benchmarks as a MorphNet model (what sweeps train):
// the same layers as probe-network.ts (tfjs-layers) and keras-reference.py (TF Keras) —
// conv3x3 32 + BN + ReLU, conv3x3 64 + BN + ReLU, maxpool 2, conv3x3 128 + BN + ReLU, global
// average pool, dense 10 on 28×28×1 (94,186 trainable parameters; the zoo's `fmnist-cnn-wide`)
// — and the same loss on every engine:
// softmax cross-entropy + λ·Σ|γ| over the batch-norm scales.
import * as tf from '@tensorflow/tfjs-core';
import { buildModel, zooNetwork, type MorphModel, type OpNode } from '@morphsweep/morphnet';

/** λ of the Σ|γ| term (the Keras reference uses the same). */
export const GAMMA_L1 = 1e-4;

/** The reference network as a {@link MorphModel}: the zoo's `fmnist-cnn-wide`. */
export function buildReferenceModel(seed = 1): MorphModel {
  return buildModel(zooNetwork('fmnist-cnn-wide'), { seed });
}

/** softmax cross-entropy + λ·Σ|γ| of `model` on one batch (training mode). */
export function referenceLoss(
  model: MorphModel,
  xs: tf.Tensor,
  ys: tf.Tensor,
  step = 0,
): tf.Scalar {
  const logits = model.apply(xs, { training: true, step, seed: 1000 + step })[0] as tf.Tensor;
  const ce = tf.losses.softmaxCrossEntropy(ys, logits) as tf.Scalar;
  const gammas = ['conv1_bn', 'conv2_bn', 'conv3_bn'].map((layer) =>
    model.tensor(
      { type: 'VariableV2', attrs: { variable: `${layer}/gamma` } } as unknown as OpNode,
      0,
    ),
  );
  return tf.add(ce, tf.mul(GAMMA_L1, tf.addN(gammas.map((g) => tf.sum(tf.abs(g)))))) as tf.Scalar;
}
