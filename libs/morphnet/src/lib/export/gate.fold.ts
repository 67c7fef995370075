// FiGS gates at inference are a fixed per-channel mask; Keras has no such layer, so the mask
// is folded into the weights of the layer that produces the gated channels.
import { MorphnetError, type NetworkIssue } from '../errors';
import { pairOf } from '../format/layer.shapes';
import { inferNetworkShapes } from '../format/network.parse';
import type { LayerDescription, NetworkDescription } from '../format/network.schema';

/** Parameter values by `<layer>/<param>` (our parameter names), flat, row-major. */
export type NamedValues = Map<string, Float32Array>;

type Gate = Extract<LayerDescription, { op: 'gate' }>;

// Layers whose output channels can absorb a per-channel factor (their last axis is the channel).
const FOLD_TARGETS = new Set([
  'conv2d',
  'depthwiseConv2d',
  'separableConv2d',
  'conv2dTranspose',
  'dense',
  'batchNorm',
]);

/**
 * The inference mask of a gate, as `MorphModel.apply({training: false})` computes it:
 * 1[logit > 0] (× sigmoid(logit) with `softMaskForInference`), channel 0 kept at 1 with
 * `keepFirstChannelAlive`. Always ≥ 0.
 */
export function gateInferenceMask(gate: Gate, logits: Float32Array): Float32Array {
  return logits.map((logit, i) => {
    const hard = logit > 0 ? 1 : 0;
    const m = gate.softMaskForInference ? hard / (1 + Math.exp(-logit)) : hard;
    return gate.keepFirstChannelAlive && i === 0 ? Math.max(m, 1) : m;
  });
}

// Ops a non-negative per-channel factor commutes with: relu(m·x) = m·relu(x) for m ≥ 0, and
// likewise max/avg pooling and inference dropout; relu6 only for a 0/1 mask.
function commutes(l: LayerDescription, binary: boolean): boolean {
  if (l.op === 'relu' || l.op === 'dropout' || l.op === 'maxPool' || l.op === 'avgPool')
    return true;
  if (l.op === 'relu6') return binary;
  if (l.op !== 'activation') return false;
  return l.activation === 'relu6' ? binary : l.activation === 'relu' || l.activation === 'linear';
}

/** Multiplies every value of `param` whose output channel (index i ↦ channelOf(i)) is c by m[c]. */
function scale(
  values: NamedValues,
  key: string,
  m: Float32Array,
  channelOf: (i: number) => number,
) {
  const v = values.get(key);
  if (v)
    values.set(
      key,
      v.map((x, i) => x * (m[channelOf(i)] as number)),
    );
}

function foldInto(
  target: LayerDescription,
  m: Float32Array,
  values: NamedValues,
): LayerDescription {
  const n = m.length;
  const last = (i: number) => i % n;
  const p = (param: string) => `${target.name}/${param}`;
  scale(values, p('bias'), m, last);
  switch (target.op) {
    case 'conv2d':
    case 'dense':
      scale(values, p('kernel'), m, last);
      return target;
    case 'depthwiseConv2d': // [kh, kw, C, M]: output channel c·M + j is the flat last two axes
      scale(values, p('depthwiseKernel'), m, last);
      return target;
    case 'separableConv2d':
      scale(values, p('pointwiseKernel'), m, last);
      return target;
    case 'conv2dTranspose': {
      // [kh, kw, filters, C_in]: the output channel is axis 2.
      const [kh, kw] = pairOf(target.kernelSize);
      const cin = (values.get(p('kernel'))?.length ?? 0) / (kh * kw * n);
      scale(values, p('kernel'), m, (i) => Math.floor(i / cin) % n);
      return target;
    }
    case 'batchNorm': {
      // y = γ·x̂ + β, so m·y is γ' = m·γ, β' = m·β; without `scale` γ becomes m itself.
      if (target.scale) scale(values, p('gamma'), m, last);
      else values.set(p('gamma'), Float32Array.from(m));
      scale(values, p('beta'), m, last);
      return { ...target, scale: true };
    }
    default:
      return target;
  }
}

/** A gate's mask as a 1×1 depthwise convolution without bias, named like the gate. */
function maskConvolution(gate: Gate, m: Float32Array, values: NamedValues): LayerDescription {
  values.set(`${gate.name}/depthwiseKernel`, Float32Array.from(m));
  return {
    name: gate.name,
    op: 'depthwiseConv2d',
    inputs: gate.inputs,
    kernelSize: 1,
    strides: 1,
    padding: 'valid',
    depthMultiplier: 1,
    useBias: false,
  } as LayerDescription;
}

/**
 * Removes every gate of `net`, multiplying its inference mask into the layer that produces
 * the gated channels: the gate's input, or — through relu, dropout and pooling, which a
 * non-negative per-channel factor passes unchanged — the first conv / dense / batch-norm
 * before it. Each layer on that path must feed only the next one and be no output. A gate of
a rank-3 tensor with no such layer becomes a 1×1 `depthwiseConv2d` whose kernel is the mask
(same name, no bias). `values`
 * (`<layer>/<param>`, `<gate>/logits` included) is updated in place; returns the network
 * without gates. Throws `UNSUPPORTED_EXPORT` naming every rank-1 gate that cannot be folded.
 */
export function foldGates(net: NetworkDescription, values: NamedValues): NetworkDescription {
  const byName = new Map(net.layers.map((l) => [l.name, l] as const));
  const shapes = inferNetworkShapes(net);
  const consumers = new Map<string, number>();
  for (const l of net.layers)
    for (const i of l.inputs) consumers.set(i, (consumers.get(i) ?? 0) + 1);
  for (const o of net.outputs) consumers.set(o, (consumers.get(o) ?? 0) + 1);
  const rewired = new Map<string, string>();
  const replaced = new Map<string, LayerDescription>();
  const issues: NetworkIssue[] = [];
  for (const gate of net.layers) {
    if (gate.op !== 'gate') continue;
    const logits = values.get(`${gate.name}/logits`);
    const source = gate.inputs[0] as string;
    if (!logits) {
      issues.push({ layer: gate.name, field: 'logits', reason: 'no values for the gate logits' });
      continue;
    }
    const m = gateInferenceMask(gate, logits);
    const binary = m.every((x) => x === 0 || x === 1);
    const current = (name: string) => replaced.get(name) ?? byName.get(name);
    let at = current(source);
    while (at && !FOLD_TARGETS.has(at.op) && commutes(at, binary) && consumers.get(at.name) === 1)
      at = current(at.inputs[0] as string);
    if (!at || !FOLD_TARGETS.has(at.op) || consumers.get(at.name) !== 1) {
      // No layer to fold into (a gate after a residual add, or after relu6 with a soft mask):
      // the mask becomes the kernel of a 1×1 depthwise convolution, exact and standard Keras.
      if (shapes.get(source)?.length === 3) {
        replaced.set(gate.name, maskConvolution(gate, m, values));
        values.delete(`${gate.name}/logits`);
        continue;
      }
      issues.push({
        layer: gate.name,
        field: 'inputs',
        reason:
          'a rank-1 gate with no conv, dense or batch-norm layer feeding only it (through relu, dropout or pooling) to fold its mask into',
      });
      continue;
    }
    replaced.set(at.name, foldInto(replaced.get(at.name) ?? at, m, values));
    rewired.set(gate.name, rewired.get(source) ?? source);
    values.delete(`${gate.name}/logits`);
  }
  if (issues.length > 0)
    throw new MorphnetError(
      'UNSUPPORTED_EXPORT',
      `cannot fold ${issues.length} gate(s) into the layers before them: ${issues.map((i) => i.layer).join(', ')}`,
      issues,
    );
  const layers = net.layers
    .filter((l) => l.op !== 'gate' || replaced.has(l.name))
    .map((l) => {
      const own = replaced.get(l.name) ?? l;
      return { ...own, inputs: own.inputs.map((i) => rewired.get(i) ?? i) } as LayerDescription;
    });
  return { ...net, layers, outputs: net.outputs.map((o) => rewired.get(o) ?? o) };
}
