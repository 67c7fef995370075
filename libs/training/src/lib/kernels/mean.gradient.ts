import * as tf from '@tensorflow/tfjs-core';
import {
  backend_util,
  Mean,
  util,
  type GradConfig,
  type NamedAttrMap,
  type Tensor,
} from '@tensorflow/tfjs-core';

/**
 * Gradient of `Mean`: `dy / n` broadcast back to the input's shape with `broadcastTo` (one
 * `Tile`, see tile.kernel.ts), where tfjs-core's own builds `ones(x.shape)` in JavaScript,
 * uploads it, and multiplies and divides at full size: three passes over the activation and
 * a full-size allocation per call. BatchNorm's `moments` takes two means per layer per step.
 * Same values: `dy · 1 / n` and `dy / n` round identically. Gradients are global in tfjs:
 * this applies to every backend.
 */
export const meanGradConfig: GradConfig = {
  kernelName: Mean,
  inputsToSave: ['x'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [x] = saved as [Tensor];
    const axes = util.parseAxisParam(attrs['axis'] as number | number[], x.shape);
    const [, reduceShape] = backend_util.computeOutAndReduceShapes(x.shape, axes);
    const reduceSize = util.sizeFromShape(reduceShape);
    return {
      x: () => {
        const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
        const scaled = tf.div(tf.reshape(dy as Tensor, kept), tf.scalar(reduceSize));
        return tf.broadcastTo(scaled, x.shape);
      },
    };
  },
};
