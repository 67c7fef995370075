import { conv, depthwise, separable, transpose } from './keras-conv.convert';
import {
  applyActivation,
  compact,
  pair,
  problem,
  withActivation,
  type LayerConverter,
} from './keras-convert.helpers';

export { isProblem, type LayerInput } from './keras-convert.helpers';

const dense: LayerConverter = (c, ctx) =>
  withActivation(c, ctx, {
    name: ctx.name,
    op: 'dense',
    inputs: [...ctx.inputs],
    units: Number(c['units']),
    useBias: c['use_bias'] !== false,
  });

const batchNorm: LayerConverter = (c, ctx) => {
  const axis =
    Array.isArray(c['axis']) && c['axis'].length === 1 ? c['axis'][0] : (c['axis'] ?? -1);
  const rank = ctx.shapes[0]?.length ?? 0;
  if (axis !== -1 && axis !== rank)
    return problem(
      'axis',
      `normalises axis ${JSON.stringify(c['axis'])}: only the last (channels) axis exists`,
    );
  if (c['renorm'] === true)
    return problem('renorm', 'batch renormalisation has no field in our format');
  return ctx.emit({
    name: ctx.name,
    op: 'batchNorm',
    inputs: [...ctx.inputs],
    scale: c['scale'] !== false,
    center: c['center'] !== false,
    ...(typeof c['epsilon'] === 'number' ? { epsilon: c['epsilon'] } : {}),
    ...(typeof c['momentum'] === 'number' ? { momentum: c['momentum'] } : {}),
  });
};

const relu: LayerConverter = (c, ctx) => {
  const slope = Number(c['negative_slope'] ?? c['alpha'] ?? 0);
  if (slope !== 0) return problem('negative_slope', 'leaky relu has no op in our format');
  if (Number(c['threshold'] ?? 0) !== 0)
    return problem('threshold', 'a thresholded relu has no op in our format');
  const max = c['max_value'] ?? c['maxValue'];
  if (max === null || max === undefined)
    return ctx.emit({ name: ctx.name, op: 'relu', inputs: [...ctx.inputs] });
  if (max === 6) return ctx.emit({ name: ctx.name, op: 'relu6', inputs: [...ctx.inputs] });
  return problem(
    'max_value',
    `max_value ${String(max)}: our format has relu (none) and relu6 only`,
  );
};

const pool =
  (op: 'maxPool' | 'avgPool'): LayerConverter =>
  (c, ctx) => {
    if (c['data_format'] === 'channels_first')
      return problem('data_format', 'channels_first: our format is channels-last');
    const poolSize = pair(c['pool_size'] ?? 2);
    const strides =
      c['strides'] === null || c['strides'] === undefined ? poolSize : pair(c['strides']);
    const padding = c['padding'] ?? 'valid';
    if (!poolSize || !strides || (padding !== 'same' && padding !== 'valid'))
      return problem('pool_size', 'expected 2-D pool size, strides and same/valid padding');
    return ctx.emit({
      name: ctx.name,
      op,
      inputs: [...ctx.inputs],
      poolSize: compact(poolSize),
      strides: compact(strides),
      padding,
    });
  };

const globalAvgPool: LayerConverter = (c, ctx) => {
  if (c['data_format'] === 'channels_first')
    return problem('data_format', 'channels_first: our format is channels-last');
  const pooled = ctx.emit({ name: ctx.name, op: 'globalAvgPool', inputs: [...ctx.inputs] });
  if (c['keepdims'] !== true) return pooled;
  // keepdims keeps a 1×1 map: the same values reshaped, which our reshape op writes exactly.
  const channels = ctx.shapes[0]?.[ctx.shapes[0].length - 1] ?? 1;
  return ctx.emit({
    name: `${ctx.name}_keepdims`,
    op: 'reshape',
    inputs: [pooled],
    targetShape: [1, 1, channels],
  });
};

const merge =
  (op: 'add' | 'multiply'): LayerConverter =>
  (_c, ctx) =>
    ctx.emit({ name: ctx.name, op, inputs: [...ctx.inputs] });

/** Keras class name → converter; everything else is reported as unsupported. */
export const KERAS_CONVERTERS: Readonly<Record<string, LayerConverter>> = {
  Conv2D: conv,
  Convolution2D: conv,
  DepthwiseConv2D: depthwise,
  SeparableConv2D: separable,
  SeparableConvolution2D: separable,
  Conv2DTranspose: transpose,
  Convolution2DTranspose: transpose,
  Dense: dense,
  BatchNormalization: batchNorm,
  ReLU: relu,
  Activation: (c, ctx) => applyActivation(c['activation'], ctx.inputs[0]!, ctx, ctx.name),
  Softmax: (c, ctx) =>
    c['axis'] === undefined || c['axis'] === -1 || (Array.isArray(c['axis']) && c['axis'][0] === -1)
      ? ctx.emit({ name: ctx.name, op: 'softmax', inputs: [...ctx.inputs] })
      : problem('axis', 'softmax over an axis other than the last has no op in our format'),
  Add: merge('add'),
  Multiply: merge('multiply'),
  Concatenate: (c, ctx) =>
    ctx.emit({
      name: ctx.name,
      op: 'concat',
      inputs: [...ctx.inputs],
      axis: Number(c['axis'] ?? -1),
    }),
  MaxPooling2D: pool('maxPool'),
  MaxPool2D: pool('maxPool'),
  AveragePooling2D: pool('avgPool'),
  AvgPool2D: pool('avgPool'),
  GlobalAveragePooling2D: globalAvgPool,
  GlobalAvgPool2D: globalAvgPool,
  Flatten: (c, ctx) =>
    c['data_format'] === 'channels_first'
      ? problem('data_format', 'channels_first: our format is channels-last')
      : ctx.emit({ name: ctx.name, op: 'flatten', inputs: [...ctx.inputs] }),
  Reshape: (c, ctx) =>
    ctx.emit({
      name: ctx.name,
      op: 'reshape',
      inputs: [...ctx.inputs],
      targetShape: (c['target_shape'] as number[]) ?? [],
    }),
  Dropout: (c, ctx) =>
    c['noise_shape'] !== undefined && c['noise_shape'] !== null
      ? problem('noise_shape', 'dropout with a noise shape has no field in our format')
      : ctx.emit({
          name: ctx.name,
          op: 'dropout',
          inputs: [...ctx.inputs],
          rate: Number(c['rate']),
        }),
};
