import * as tf from '@tensorflow/tfjs-core';
import { initializers } from '@tensorflow/tfjs-layers';
import type { LayerDescription } from '../format/network.schema';

/**
 * Initial value of a parameter as tfjs-layers would create it: glorot-uniform kernels, zero
 * biases/beta/moving mean, unit gamma/moving variance, gate logits = `logOddsInit`.
 */
export function initialValue(
  layer: LayerDescription,
  param: string,
  shape: number[],
  seed: number | undefined,
): tf.Tensor {
  switch (param) {
    case 'kernel':
    case 'depthwiseKernel':
    case 'pointwiseKernel':
      return initializers.glorotUniform({ seed }).apply(shape);
    case 'gamma':
    case 'movingVariance':
      return tf.ones(shape);
    case 'logits':
      return tf.fill(shape, layer.op === 'gate' ? layer.logOddsInit : 0);
    default:
      return tf.zeros(shape);
  }
}

/** Parameters updated by the optimizer (moving statistics are not). */
export const isTrainableParam = (param: string): boolean =>
  param !== 'movingMean' && param !== 'movingVariance';
