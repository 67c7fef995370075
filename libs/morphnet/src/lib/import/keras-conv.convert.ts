// Converters of Keras' 2-D convolutions: Conv2D, DepthwiseConv2D, SeparableConv2D,
// Conv2DTranspose.
import {
  compact,
  isProblem,
  pair,
  problem,
  withActivation,
  type LayerConverter,
  type Problem,
} from './keras-convert.helpers';

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

/** `Conv2D` → `conv2d` (+ its activation). */
export const conv: LayerConverter = (c, ctx) => {
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

/** `DepthwiseConv2D` → `depthwiseConv2d` (+ its activation). */
export const depthwise: LayerConverter = (c, ctx) => {
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

/** `SeparableConv2D` → `separableConv2d` (+ its activation). */
export const separable: LayerConverter = (c, ctx) => {
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

/** `Conv2DTranspose` → `conv2dTranspose` (+ its activation); no explicit output padding. */
export const transpose: LayerConverter = (c, ctx) => {
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
