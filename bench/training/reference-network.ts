// The reference network of the training benchmarks as a MorphNet model (what sweeps train):
// the same layers as probe-network.ts (tfjs-layers) and keras-reference.py (TF Keras) —
// conv3x3 32 + BN + ReLU, conv3x3 64 + BN + ReLU, maxpool 2, conv3x3 128 + BN + ReLU, global
// average pool, dense 10 on 28×28×1 (94,634 parameters) — and the same loss on every engine:
// softmax cross-entropy + λ·Σ|γ| over the batch-norm scales.
import * as tf from '@tensorflow/tfjs-core';
import {
  NetworkBuilder,
  buildModel,
  parseNetwork,
  type MorphModel,
  type OpNode,
} from '@morphsweep/morphnet';

/** λ of the Σ|γ| term (the Keras reference uses the same). */
export const GAMMA_L1 = 1e-4;

/** The reference network as a {@link MorphModel}. */
export function buildReferenceModel(seed = 1): MorphModel {
  const b = new NetworkBuilder('reference', { name: 'image', shape: [28, 28, 1] });
  let x = b.convBnRelu('conv1', b.inputName, 32, 3);
  x = b.convBnRelu('conv2', x, 64, 3);
  x = b.layer({ name: 'pool', op: 'maxPool', inputs: [x] });
  x = b.convBnRelu('conv3', x, 128, 3);
  x = b.layer({ name: 'gap', op: 'globalAvgPool', inputs: [x] });
  b.layer({ name: 'logits', op: 'dense', inputs: [x], units: 10 });
  return buildModel(parseNetwork(b.build(['logits'])), { seed });
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
