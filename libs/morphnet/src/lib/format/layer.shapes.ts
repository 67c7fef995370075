import type { LayerDescription } from './network.schema';

/** Shape of one example's tensor: the batch dimension excluded, channels last. */
export type Shape = readonly number[];

/** `3` or `[3, 5]` → `[h, w]`. */
export function pairOf(v: number | readonly [number, number]): [number, number] {
  return typeof v === 'number' ? [v, v] : [v[0], v[1]];
}

/** Output length of a convolution or pooling window along one axis (TF semantics). */
export function convLength(
  input: number,
  kernel: number,
  stride: number,
  padding: 'same' | 'valid',
): number {
  return padding === 'same' ? Math.ceil(input / stride) : Math.floor((input - kernel) / stride) + 1;
}

/** Output length of a transposed convolution along one axis (TF `deconv_output_length`). */
export function deconvLength(
  input: number,
  kernel: number,
  stride: number,
  padding: 'same' | 'valid',
): number {
  return padding === 'same' ? input * stride : input * stride + Math.max(kernel - stride, 0);
}

const product = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);
const last = (s: Shape): number => s[s.length - 1] ?? 0;

function spatial(
  layer: {
    kernelSize: number | [number, number];
    strides: number | [number, number];
    padding: 'same' | 'valid';
  },
  s: Shape,
): [number, number] {
  const [kh, kw] = pairOf(layer.kernelSize);
  const [sh, sw] = pairOf(layer.strides);
  return [
    convLength(s[0] ?? 0, kh, sh, layer.padding),
    convLength(s[1] ?? 0, kw, sw, layer.padding),
  ];
}

function broadcast(shapes: readonly Shape[]): Shape | string {
  const rank = shapes[0]?.length ?? 0;
  if (shapes.some((s) => s.length !== rank))
    return `inputs must have the same rank, got ${fmt(shapes)}`;
  const out: number[] = [];
  for (let d = 0; d < rank; d++) {
    const dims = new Set(shapes.map((s) => s[d] ?? 0).filter((x) => x !== 1));
    if (dims.size > 1) return `input shapes ${fmt(shapes)} do not broadcast`;
    out.push(dims.values().next().value ?? 1);
  }
  return out;
}

const fmt = (shapes: readonly Shape[]): string =>
  shapes.map((s) => `[${s.join(',')}]`).join(' vs ');

function needRank(s: Shape, rank: number, what: string): string | undefined {
  return s.length === rank
    ? undefined
    : `${what} needs a rank-${rank} input (batch excluded), got [${s.join(',')}]`;
}

/**
 * Infers a layer's output shape from its input shapes; returns a reason string when the
 * inputs do not fit the layer. Pure arithmetic, no tensors.
 */
export function layerOutputShape(layer: LayerDescription, ins: readonly Shape[]): Shape | string {
  const x = ins[0] ?? [];
  switch (layer.op) {
    case 'conv2d':
      return needRank(x, 3, 'conv2d') ?? [...spatial(layer, x), layer.filters];
    case 'depthwiseConv2d':
      return (
        needRank(x, 3, 'depthwiseConv2d') ?? [...spatial(layer, x), last(x) * layer.depthMultiplier]
      );
    case 'separableConv2d':
      return needRank(x, 3, 'separableConv2d') ?? [...spatial(layer, x), layer.filters];
    case 'conv2dTranspose': {
      const bad = needRank(x, 3, 'conv2dTranspose');
      if (bad) return bad;
      const [kh, kw] = pairOf(layer.kernelSize);
      const [sh, sw] = pairOf(layer.strides);
      return [
        deconvLength(x[0] ?? 0, kh, sh, layer.padding),
        deconvLength(x[1] ?? 0, kw, sw, layer.padding),
        layer.filters,
      ];
    }
    case 'dense':
      return needRank(x, 1, 'dense (add flatten or globalAvgPool first)') ?? [layer.units];
    case 'maxPool':
    case 'avgPool': {
      const bad = needRank(x, 3, layer.op);
      if (bad) return bad;
      const [ph, pw] = pairOf(layer.poolSize);
      const [sh, sw] = pairOf(layer.strides ?? layer.poolSize);
      const h = convLength(x[0] ?? 0, ph, sh, layer.padding);
      const w = convLength(x[1] ?? 0, pw, sw, layer.padding);
      return h < 1 || w < 1
        ? `pool window larger than the input [${x.join(',')}]`
        : [h, w, last(x)];
    }
    case 'globalAvgPool':
      return needRank(x, 3, 'globalAvgPool') ?? [last(x)];
    case 'flatten':
      return [product(x)];
    case 'reshape':
      return reshapeTo(x, layer.targetShape);
    case 'add':
    case 'multiply':
      return broadcast(ins);
    case 'concat':
      return concatShape(ins, layer.axis);
    default:
      return x;
  }
}

function reshapeTo(x: Shape, target: readonly number[]): Shape | string {
  const unknown = target.filter((d) => d === -1).length;
  if (unknown > 1) return 'targetShape may contain at most one -1';
  const known = product(target.filter((d) => d !== -1));
  const total = product(x);
  if (unknown === 0 ? known !== total : total % known !== 0) {
    return `cannot reshape [${x.join(',')}] (${total} values) to [${target.join(',')}]`;
  }
  return target.map((d) => (d === -1 ? total / known : d));
}

/** Normalises a Keras-style concat axis (counted with the batch dimension) to 1..rank. */
export function concatAxis(axis: number, rankWithBatch: number): number {
  return axis < 0 ? rankWithBatch + axis : axis;
}

function concatShape(ins: readonly Shape[], axis: number): Shape | string {
  const x = ins[0] ?? [];
  const a = concatAxis(axis, x.length + 1);
  if (a < 1 || a > x.length)
    return `axis ${axis} is out of range (the batch axis 0 cannot be concatenated)`;
  const d = a - 1;
  const ok = ins.every((s) => s.length === x.length && s.every((v, i) => i === d || v === x[i]));
  if (!ok) return `inputs ${fmt(ins)} differ outside axis ${axis}`;
  const out = [...x];
  out[d] = ins.reduce((sum, s) => sum + (s[d] ?? 0), 0);
  return out;
}

/**
 * Shapes of a layer's parameters, in tfjs layout, given its input shape. Only parameters the
 * layer actually has are listed (no bias when `useBias` is false, no gamma without `scale`).
 */
export function parameterShapes(layer: LayerDescription, x: Shape): Record<string, number[]> {
  const c = last(x);
  switch (layer.op) {
    case 'conv2d':
      return withBias(layer.useBias, layer.filters, {
        kernel: [...pairOf(layer.kernelSize), c, layer.filters],
      });
    case 'conv2dTranspose':
      return withBias(layer.useBias, layer.filters, {
        kernel: [...pairOf(layer.kernelSize), layer.filters, c],
      });
    case 'depthwiseConv2d':
      return withBias(layer.useBias, c * layer.depthMultiplier, {
        depthwiseKernel: [...pairOf(layer.kernelSize), c, layer.depthMultiplier],
      });
    case 'separableConv2d':
      return withBias(layer.useBias, layer.filters, {
        depthwiseKernel: [...pairOf(layer.kernelSize), c, layer.depthMultiplier],
        pointwiseKernel: [1, 1, c * layer.depthMultiplier, layer.filters],
      });
    case 'dense':
      return withBias(layer.useBias, layer.units, { kernel: [c, layer.units] });
    case 'batchNorm':
      return {
        ...(layer.scale ? { gamma: [c] } : {}),
        ...(layer.center ? { beta: [c] } : {}),
        movingMean: [c],
        movingVariance: [c],
      };
    case 'gate':
      return { logits: [c] };
    default:
      return {};
  }
}

function withBias(
  useBias: boolean,
  n: number,
  shapes: Record<string, number[]>,
): Record<string, number[]> {
  return useBias ? { ...shapes, bias: [n] } : shapes;
}
