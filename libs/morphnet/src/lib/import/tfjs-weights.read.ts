import type { NetworkIssue } from '../errors';

/** One entry of a TF.js weights manifest. */
export interface WeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype?: string;
  readonly quantization?: unknown;
}

/** The manifest's groups: shard paths and the weights they hold, in order. */
export interface WeightsGroup {
  readonly paths: readonly string[];
  readonly weights: readonly WeightSpec[];
}

/** The `weightsManifest` of a TF.js layers `model.json`, or undefined if it has none. */
export function weightsManifestOf(json: unknown): WeightsGroup[] | undefined {
  if (typeof json !== 'object' || json === null || !('weightsManifest' in json)) return undefined;
  const manifest = (json as { weightsManifest: unknown }).weightsManifest;
  return Array.isArray(manifest) ? (manifest as WeightsGroup[]) : undefined;
}

// Keras / TF.js parameter names → ours (docs/network-format.md, "Parameter values").
const PARAMS: Record<string, string> = {
  kernel: 'kernel',
  bias: 'bias',
  gamma: 'gamma',
  beta: 'beta',
  moving_mean: 'movingMean',
  moving_variance: 'movingVariance',
  depthwise_kernel: 'depthwiseKernel',
  pointwise_kernel: 'pointwiseKernel',
};

/** Values of each layer's parameters, by Keras layer name and our parameter name. */
export type LayerValues = Map<string, Record<string, number[]>>;

/**
 * Splits `data` — the manifest's shards concatenated in order, as TF.js loads them — into
 * float32 values per `<layer>/<param>`. Quantized or non-float32 weights, names without a
 * parameter we know, and data of the wrong length are issues (field `weights.<name>`).
 */
export function readWeights(
  groups: readonly WeightsGroup[],
  data: Uint8Array,
): { values: LayerValues; issues: NetworkIssue[] } {
  const values: LayerValues = new Map();
  const issues: NetworkIssue[] = [];
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let offset = 0;
  for (const spec of groups.flatMap((g) => g.weights)) {
    const size = spec.shape.reduce((n, d) => n * d, 1);
    const field = `weights.${spec.name}`;
    // `<layer>/<param>`, sometimes with TF's `:0` output suffix.
    const clean = spec.name.replace(/:\d+$/, '');
    const slash = clean.lastIndexOf('/');
    const layer = slash < 0 ? clean : clean.slice(0, slash);
    const ours = PARAMS[clean.slice(slash + 1)];
    if (spec.quantization || (spec.dtype ?? 'float32') !== 'float32') {
      issues.push({ layer, field, reason: 'only float32, unquantized weights are read' });
      offset += size * 4;
      continue;
    }
    if (offset + size * 4 > data.byteLength) {
      issues.push({
        layer,
        field,
        reason: `the shards end before this weight (${data.byteLength} bytes)`,
      });
      break;
    }
    const flat = Array.from({ length: size }, (_, i) => view.getFloat32(offset + 4 * i, true));
    offset += size * 4;
    if (!ours)
      issues.push({ layer, field, reason: 'a parameter name our format has no field for' });
    else values.set(layer, { ...values.get(layer), [ours]: flat });
  }
  if (issues.length === 0 && offset !== data.byteLength)
    issues.push({
      field: 'weights',
      reason: `the manifest describes ${offset} bytes, the shards hold ${data.byteLength}`,
    });
  return { values, issues };
}
