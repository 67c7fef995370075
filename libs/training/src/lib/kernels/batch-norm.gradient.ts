import * as tf from '@tensorflow/tfjs-core';
import {
  backend_util,
  FusedBatchNorm,
  type GradConfig,
  type NamedAttrMap,
  type Tensor,
} from '@tensorflow/tfjs-core';

/**
 * Gradient of `FusedBatchNorm` (what `tf.batchNorm` and tfjs-layers' BatchNormalization run)
 * that broadcasts the per-channel factors instead of `tile`-ing them to the full activation
 * shape as tfjs-core's own gradient does; on wasm that `Tile` alone cost ~430 ms per step of
 * the reference network. Same maths: with `r = rsqrt(variance + ε)` and `g = scale` (1 when
 * absent), reducing over the axes where `mean` broadcasts:
 * `dx = dy·g·r`, `dmean = -g·r·Σdy`, `dvariance = -½·g·r³·Σ dy·(x-mean)`,
 * `dscale = r·Σ dy·(x-mean)`, `doffset = Σdy`.
 * The two sums are taken once per call and shared by the inputs' gradients.
 * Gradients are global in tfjs (not per backend): registering this one changes every backend.
 */
export const fusedBatchNormGradConfig: GradConfig = {
  kernelName: FusedBatchNorm,
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dyIn: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const dy = dyIn as Tensor;
    const [x, mean, variance, scale] = saved as [Tensor, Tensor, Tensor, Tensor | undefined];
    const epsilon = attrs['varianceEpsilon'] as number;
    const axes = backend_util.getReductionAxes(mean.shape, x.shape);
    const reduce = (t: Tensor): Tensor =>
      tf.reshape(axes.length > 0 ? tf.sum(t, axes) : t, mean.shape);
    const scaled = (t: Tensor): Tensor => (scale == null ? t : tf.mul(t, scale));
    // The per-channel sums several input gradients share, computed once here rather than in
    // each gradient thunk (which ran `Σdy` twice and `Σdy·(x-mean)`, a full-size Sub, Mul and
    // Sum, twice). They are small and live until the backward pass ends; the full-size
    // temporaries of the second are freed at once.
    const invStd = tf.rsqrt(tf.add(variance, tf.scalar(epsilon)));
    const sumDy = reduce(dy);
    const sumDyCentred = tf.tidy(() => reduce(tf.mul(dy, tf.sub(x, mean))));
    // Each thunk returns a new tensor (a reshape at least): the tape may dispose what it gets.
    return {
      x: () => tf.mul(dy, scaled(invStd)),
      mean: () => tf.neg(tf.mul(scaled(invStd), sumDy)),
      variance: () =>
        tf.mul(
          tf.mul(scaled(tf.mul(tf.mul(invStd, invStd), invStd)), tf.scalar(-0.5)),
          sumDyCentred,
        ),
      scale: () => tf.mul(invStd, sumDyCentred),
      offset: () => tf.reshape(sumDy, mean.shape),
    };
  },
};
