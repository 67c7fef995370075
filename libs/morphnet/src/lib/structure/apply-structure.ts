import { MorphnetError } from '../errors';
import { parseNetwork } from '../format/network.parse';
import type { LayerDescription, NetworkDescription } from '../format/network.schema';

/** What to do with an exported layer missing from the structure (docs/morphnet.md §8.2). */
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

/**
 * The width of every layer MorphNet exports, keyed like a learned structure (`op name →
 * channels`): what a structure's alive counts are measured against.
 */
export function exportedWidths(net: NetworkDescription): Record<string, number> {
  const widths: Record<string, number> = {};
  for (const layer of net.layers) {
    const target = structureKey(layer);
    if (target) widths[target.key] = target.width;
  }
  return widths;
}

const PARAM_FIELDS = [
  'kernel',
  'bias',
  'depthwiseKernel',
  'pointwiseKernel',
  'gamma',
  'beta',
  'movingMean',
  'movingVariance',
  'logits',
];

/** Copies a layer without its explicit parameter values (they no longer fit new widths). */
function withoutValues(layer: LayerDescription): LayerDescription {
  const copy: Record<string, unknown> = { ...layer };
  for (const f of PARAM_FIELDS) delete copy[f];
  return copy as LayerDescription;
}

function rename(
  net: NetworkDescription,
  layers: LayerDescription[],
  suffix: string,
): NetworkDescription {
  return parseNetwork({ ...net, name: `${net.name}${suffix}`, layers: layers.map(withoutValues) });
}

/** Options of {@link applyStructure} and {@link vanishedLayers}. */
export interface ApplyStructureOptions {
  /** What to do with an exported layer missing from the structure [`pass_through`]. */
  readonly fallback?: StructureFallback;
  /** Also look keys up without their first `<scope>/` (for structures exported that way). */
  readonly removeCommonPrefix?: boolean;
}

/** Layer name → learned width (rounded, before any clamp) of every exported layer. */
function learnedWidths(
  net: NetworkDescription,
  structure: Readonly<Record<string, number>>,
  options: ApplyStructureOptions,
): Map<string, number> {
  const fallback = options.fallback ?? 'pass_through';
  const lookup = (key: string): number | undefined => {
    if (structure[key] !== undefined) return structure[key];
    return options.removeCommonPrefix ? structure[key.slice(key.indexOf('/') + 1)] : undefined;
  };
  const widths = new Map<string, number>();
  for (const layer of net.layers) {
    const target = structureKey(layer);
    if (!target) continue;
    let width = lookup(target.key);
    if (width === undefined) {
      if (fallback === 'strict')
        throw new MorphnetError('INVALID_ARGUMENT', `structure has no entry for ${target.key}`);
      width = fallback === 'zero' ? 0 : target.width;
    }
    widths.set(layer.name, Math.round(width));
  }
  return widths;
}

/**
 * Applies a learned structure (`op name → alive count`, e.g. from the exporter) to a
 * description: every conv / separable / transposed-conv layer gets its learned width.
 * Parameter values are dropped: the result is ready to retrain from scratch. Throws
 * `INVALID_ARGUMENT` in `strict` mode for a missing layer.
 *
 * **Widths are clamped to ≥ 1** — a deliberate deviation from the reference's slim
 * ConfigurableOps, where a width of 0 makes the layer output a `VANISHED` sentinel that
 * propagates downstream and is dropped only by concat/add (docs/morphnet.md §8.2). We follow the
 * reference's other rebuild path instead, the Keras hijack with `keepFirstChannelAlive`
 * (also what a gated layer actually computed: its first channel is always on,
 * docs/morphnet.md §5.5 and §9.1 item 9), because:
 * - MorphNet never changes topology (docs/morphnet.md §1.1); a vanished layer on a chain — every
 *   conv of the zoo networks is on one — would turn the logits into a constant, leaving nothing to
 *   retrain;
 * - the result must stay a valid description (`filters` ≥ 1) that the API, workers and CLI
 *   can build, cost and train like any other.
 * The price is at most one channel per such layer: measure the applied network's cost on the
 * result (e.g. `fullWidthCost`), not on the exported counts, and use {@link vanishedLayers}
 * to report which layers the reference would have removed.
 */
export function applyStructure(
  net: NetworkDescription,
  structure: Readonly<Record<string, number>>,
  options: ApplyStructureOptions = {},
): NetworkDescription {
  const widths = learnedWidths(net, structure, options);
  const layers = net.layers.map((layer) => {
    const width = widths.get(layer.name);
    return width === undefined
      ? layer
      : ({ ...layer, filters: Math.max(1, width) } as LayerDescription);
  });
  return rename(net, layers, '-learned');
}

/**
 * Names of the exported layers whose learned width is 0 (with the same fallback rules as
 * {@link applyStructure}): the layers the reference would have made `VANISHED` and that
 * {@link applyStructure} keeps at width 1.
 */
export function vanishedLayers(
  net: NetworkDescription,
  structure: Readonly<Record<string, number>>,
  options: ApplyStructureOptions = {},
): string[] {
  return [...learnedWidths(net, structure, options)]
    .filter(([, width]) => width <= 0)
    .map(([name]) => name);
}

/**
 * Uniformly scales every exported width (conv, separable, transposed conv) by `multiplier`,
 * rounding and clamping to ≥ 1; dense layers keep their units (they hold the logits).
 */
export function scaleWidths(net: NetworkDescription, multiplier: number): NetworkDescription {
  if (!(multiplier > 0))
    throw new MorphnetError('INVALID_ARGUMENT', `width multiplier must be > 0, got ${multiplier}`);
  const layers = net.layers.map((layer) => {
    const target = structureKey(layer);
    return target
      ? ({
          ...layer,
          filters: Math.max(1, Math.round(target.width * multiplier)),
        } as LayerDescription)
      : layer;
  });
  return rename(net, layers, `-x${Number(multiplier.toPrecision(4))}`);
}
