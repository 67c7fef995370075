import { MorphnetError } from '../errors';
import { parseNetwork } from '../format/network.parse';
import type { LayerDescription, NetworkDescription } from '../format/network.schema';

/** What to do with an exported layer missing from the structure (§9.2). */
export type StructureFallback = 'pass_through' | 'strict' | 'zero';

/** The structure key (op name) and current width of layers whose width MorphNet exports. */
export function structureKey(layer: LayerDescription): { key: string; width: number } | undefined {
  switch (layer.op) {
    case 'conv2d':
      return { key: `${layer.name}/Conv2D`, width: layer.filters };
    case 'separableConv2d':
      return { key: `${layer.name}/separable_conv2d`, width: layer.filters };
    case 'conv2dTranspose':
      return { key: `${layer.name}/conv2d_transpose`, width: layer.filters };
    default:
      return undefined;
  }
}

const PARAM_FIELDS = ['kernel', 'bias', 'depthwiseKernel', 'pointwiseKernel', 'gamma', 'beta', 'movingMean', 'movingVariance', 'logits'];

/** Copies a layer without its explicit parameter values (they no longer fit new widths). */
function withoutValues(layer: LayerDescription): LayerDescription {
  const copy: Record<string, unknown> = { ...layer };
  for (const f of PARAM_FIELDS) delete copy[f];
  return copy as LayerDescription;
}

function rename(net: NetworkDescription, layers: LayerDescription[], suffix: string): NetworkDescription {
  return parseNetwork({ ...net, name: `${net.name}${suffix}`, layers: layers.map(withoutValues) });
}

/**
 * Applies a learned structure (`op name → alive count`, e.g. from the exporter) to a
 * description: every conv / separable / transposed-conv layer gets the learned width, clamped
 * to ≥ 1 (the Keras rebuild's keepFirstChannelAlive — a 0-width layer would break the
 * topology). Parameter values are dropped: the result is ready to retrain from scratch.
 * Throws `INVALID_ARGUMENT` in `strict` mode for a missing layer.
 */
export function applyStructure(
  net: NetworkDescription,
  structure: Readonly<Record<string, number>>,
  options: { readonly fallback?: StructureFallback; readonly removeCommonPrefix?: boolean } = {},
): NetworkDescription {
  const fallback = options.fallback ?? 'pass_through';
  const lookup = (key: string): number | undefined => {
    if (structure[key] !== undefined) return structure[key];
    return options.removeCommonPrefix ? structure[key.slice(key.indexOf('/') + 1)] : undefined;
  };
  const layers = net.layers.map((layer) => {
    const target = structureKey(layer);
    if (!target) return layer;
    let width = lookup(target.key);
    if (width === undefined) {
      if (fallback === 'strict') throw new MorphnetError('INVALID_ARGUMENT', `structure has no entry for ${target.key}`);
      width = fallback === 'zero' ? 0 : target.width;
    }
    return { ...layer, filters: Math.max(1, Math.round(width)) } as LayerDescription;
  });
  return rename(net, layers, '-learned');
}

/**
 * Uniformly scales every exported width (conv, separable, transposed conv) by `multiplier`,
 * rounding and clamping to ≥ 1; dense layers keep their units (they hold the logits).
 */
export function scaleWidths(net: NetworkDescription, multiplier: number): NetworkDescription {
  if (!(multiplier > 0)) throw new MorphnetError('INVALID_ARGUMENT', `width multiplier must be > 0, got ${multiplier}`);
  const layers = net.layers.map((layer) => {
    const target = structureKey(layer);
    return target ? ({ ...layer, filters: Math.max(1, Math.round(target.width * multiplier)) } as LayerDescription) : layer;
  });
  return rename(net, layers, `-x${Number(multiplier.toPrecision(4))}`);
}
