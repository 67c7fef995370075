// Our layer ops → Keras layer classes and configs, in the snake_case JSON tfjs-layers reads
// (the tf.keras 2 layout of `model.json`'s `modelTopology`).
import { MorphnetError } from '../errors';
import { pairOf } from '../format/layer.shapes';
import type { LayerDescription } from '../format/network.schema';

/** One Keras layer's class and config (without the graph wiring). */
export interface KerasLayerConfig {
  readonly class_name: string;
  readonly config: Record<string, unknown>;
}

type Op<K extends LayerDescription['op']> = Extract<LayerDescription, { op: K }>;

function window(l: { kernelSize: number | readonly [number, number]; strides: unknown }) {
  return {
    kernel_size: pairOf(l.kernelSize),
    strides: pairOf(l.strides as number | [number, number]),
    data_format: 'channels_last',
    dilation_rate: [1, 1],
    activation: 'linear',
  };
}

function pool(l: Op<'maxPool'> | Op<'avgPool'>) {
  return {
    pool_size: pairOf(l.poolSize),
    strides: pairOf(l.strides ?? l.poolSize),
    padding: l.padding,
    data_format: 'channels_last',
  };
}

/**
 * The Keras class and config of one layer. Gates have no Keras class: fold them first
 * (`foldGates`); they are rejected here with `UNSUPPORTED_EXPORT`.
 */
export function kerasLayerConfig(l: LayerDescription): KerasLayerConfig {
  const base = { name: l.name, trainable: true, dtype: 'float32' };
  const c = (class_name: string, config: Record<string, unknown>): KerasLayerConfig => ({
    class_name,
    config: { ...base, ...config },
  });
  switch (l.op) {
    case 'conv2d':
      return c('Conv2D', {
        filters: l.filters,
        ...window(l),
        padding: l.padding,
        use_bias: l.useBias,
      });
    case 'depthwiseConv2d':
      return c('DepthwiseConv2D', {
        ...window(l),
        padding: l.padding,
        depth_multiplier: l.depthMultiplier,
        use_bias: l.useBias,
      });
    case 'separableConv2d':
      return c('SeparableConv2D', {
        filters: l.filters,
        ...window(l),
        padding: l.padding,
        depth_multiplier: l.depthMultiplier,
        use_bias: l.useBias,
      });
    case 'conv2dTranspose':
      return c('Conv2DTranspose', {
        filters: l.filters,
        ...window(l),
        padding: l.padding,
        use_bias: l.useBias,
      });
    case 'dense':
      return c('Dense', { units: l.units, activation: 'linear', use_bias: l.useBias });
    case 'batchNorm':
      return c('BatchNormalization', {
        axis: -1,
        momentum: l.momentum,
        epsilon: l.epsilon,
        center: l.center,
        scale: l.scale,
      });
    case 'relu':
      return c('ReLU', {});
    case 'relu6':
      return c('ReLU', { max_value: 6 });
    case 'softmax':
      return c('Activation', { activation: 'softmax' });
    case 'activation':
      return c('Activation', { activation: l.activation });
    case 'add':
      return c('Add', {});
    case 'multiply':
      return c('Multiply', {});
    case 'concat':
      return c('Concatenate', { axis: l.axis });
    case 'maxPool':
      return c('MaxPooling2D', pool(l));
    case 'avgPool':
      return c('AveragePooling2D', pool(l));
    case 'globalAvgPool':
      return c('GlobalAveragePooling2D', { data_format: 'channels_last' });
    case 'flatten':
      return c('Flatten', {});
    case 'reshape':
      return c('Reshape', { target_shape: [...l.targetShape] });
    case 'dropout':
      return c('Dropout', { rate: l.rate });
    case 'gate':
      throw new MorphnetError(
        'UNSUPPORTED_EXPORT',
        `gate ${l.name} has no Keras layer; gates are folded into the layer before them`,
        [{ layer: l.name, field: 'op', reason: 'gate: fold it before export' }],
      );
  }
}

/** Our parameter names → Keras weight names (`<layer>/<keras name>` in the manifest). */
export const KERAS_WEIGHT_NAMES: Readonly<Record<string, string>> = {
  kernel: 'kernel',
  depthwiseKernel: 'depthwise_kernel',
  pointwiseKernel: 'pointwise_kernel',
  bias: 'bias',
  gamma: 'gamma',
  beta: 'beta',
  movingMean: 'moving_mean',
  movingVariance: 'moving_variance',
};
