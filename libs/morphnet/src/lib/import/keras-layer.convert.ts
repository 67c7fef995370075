import type { NetworkDescriptionInput } from '../format/network.schema';

/** One layer of our format, before defaults. */
export type LayerInput = NetworkDescriptionInput['layers'][number];

/** What a converter may do: emit our layers (returning their name) or report a problem. */
export interface ConvertContext {
  /** Our names of the layer's inputs (after mapping). */
  readonly inputs: readonly string[];
  /** Their shapes without the batch axis. */
  readonly shapes: readonly (readonly number[])[];
  /** Appends `layer` (its `name` made unique) and returns the name given. */
  emit(layer: LayerInput): string;
  /** A fresh name derived from the Keras layer's. */
  readonly name: string;
}

/** Converts one Keras layer: returns the name of the layer holding its output, or a reason. */
export type LayerConverter = (
  config: Record<string, unknown>,
  ctx: ConvertContext,
) => string | Problem;

/** Why a layer or one of its fields cannot be imported. */
export interface Problem {
  readonly field: string;
  readonly reason: string;
}

const problem = (field: string, reason: string): Problem => ({ field, reason });
export const isProblem = (v: unknown): v is Problem =>
  typeof v === 'object' && v !== null && 'reason' in v;

const pair = (v: unknown): [number, number] | undefined => {
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every((d) => typeof d === 'number'))
    return [v[0] as number, v[1] as number];
  return undefined;
};

/** A square window as one number (how the zoo writes it), else the pair. */
const compact = (p: [number, number]): number | [number, number] => (p[0] === p[1] ? p[0] : p);

const SIMPLE_ACTIVATIONS = ['sigmoid', 'tanh', 'elu'] as const;

/** The activation's name: Keras 3 may write built-ins as a serialized function object. */
function activationName(v: unknown): string {
  if (v === undefined || v === null) return 'linear';
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && 'config' in v && typeof v.config === 'string') return v.config;
  return JSON.stringify(v);
}

/** Emits the activation `act` after `x` (nothing for linear); a problem if we have no such op. */
export function applyActivation(
  act: unknown,
  x: string,
  ctx: ConvertContext,
  layer = `${ctx.name}_${activationName(act)}`,
): string | Problem {
  const name = activationName(act);
  if (name === 'linear') return x;
  if (name === 'relu' || name === 'relu6' || name === 'softmax')
    return ctx.emit({ name: layer, op: name, inputs: [x] });
  if ((SIMPLE_ACTIVATIONS as readonly string[]).includes(name))
    return ctx.emit({
      name: layer,
      op: 'activation',
      inputs: [x],
      activation: name as (typeof SIMPLE_ACTIVATIONS)[number],
    });
  return problem(
    'activation',
    `activation "${name}" has no op in our format (relu, relu6, sigmoid, tanh, elu, softmax, linear)`,
  );
}

/** Fields every 2-D convolution shares; a problem for dilation, groups or channels-first. */
function convWindow(c: Record<string, unknown>):
  | Problem
  | {
      kernelSize: number | [number, number];
      strides: number | [number, number];
      padding: 'same' | 'valid';
    } {
  if (c['data_format'] === 'channels_first')
    return problem('data_format', 'channels_first: our format is channels-last');
  const dilation = pair(c['dilation_rate'] ?? 1);
  if (!dilation || dilation[0] !== 1 || dilation[1] !== 1)
    return problem('dilation_rate', 'dilated convolutions have no op in our format');
  if (c['groups'] !== undefined && c['groups'] !== 1)
    return problem('groups', 'grouped convolutions have no op in our format');
  const kernelSize = pair(c['kernel_size']);
  const strides = pair(c['strides'] ?? 1);
  if (!kernelSize || !strides)
    return problem('kernel_size', 'expected 2-D kernel size and strides');
  const padding = c['padding'] ?? 'valid';
  if (padding !== 'same' && padding !== 'valid')
    return problem('padding', `padding "${String(padding)}": only same and valid exist`);
  return { kernelSize: compact(kernelSize), strides: compact(strides), padding };
}

function withActivation(c: Record<string, unknown>, ctx: ConvertContext, layer: LayerInput) {
  return applyActivation(c['activation'], ctx.emit(layer), ctx);
}

const conv: LayerConverter = (c, ctx) => {
  const window = convWindow(c);
  if (isProblem(window)) return window;
  const filters = Number(c['filters']);
  const useBias = c['use_bias'] !== false;
  return withActivation(c, ctx, {
    name: ctx.name,
    op: 'conv2d',
    inputs: [...ctx.inputs],
    filters,
    ...window,
    useBias,
  });
};

const depthwise: LayerConverter = (c, ctx) => {
  const window = convWindow(c);
  if (isProblem(window)) return window;
  return withActivation(c, ctx, {
    name: ctx.name,
    op: 'depthwiseConv2d',
    inputs: [...ctx.inputs],
    ...window,
    depthMultiplier: Number(c['depth_multiplier'] ?? 1),
    useBias: c['use_bias'] !== false,
  });
};

const separable: LayerConverter = (c, ctx) => {
  const window = convWindow(c);
  if (isProblem(window)) return window;
  return withActivation(c, ctx, {
    name: ctx.name,
    op: 'separableConv2d',
    inputs: [...ctx.inputs],
    filters: Number(c['filters']),
    ...window,
    depthMultiplier: Number(c['depth_multiplier'] ?? 1),
    useBias: c['use_bias'] !== false,
  });
};

const transpose: LayerConverter = (c, ctx) => {
  const window = convWindow(c);
  if (isProblem(window)) return window;
  if (c['output_padding'] !== undefined && c['output_padding'] !== null)
    return problem('output_padding', 'explicit output padding has no field in our format');
  return withActivation(c, ctx, {
    name: ctx.name,
    op: 'conv2dTranspose',
    inputs: [...ctx.inputs],
    filters: Number(c['filters']),
    ...window,
    useBias: c['use_bias'] !== false,
  });
};

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
