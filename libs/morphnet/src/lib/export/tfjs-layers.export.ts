// Network description + named weights → a TF.js layers model (`model.json` + one float32
// weight shard) that `tf.loadLayersModel` reads and the TF.js converter converts. Pure.
import { MorphnetError } from '../errors';
import { flattenValues, inferNetworkShapes } from '../format/network.parse';
import { parameterShapes } from '../format/layer.shapes';
import type { NetworkDescription } from '../format/network.schema';
import type { WeightSpec } from '../import/tfjs-weights.read';
import { foldGates, type NamedValues } from './gate.fold';
import { KERAS_WEIGHT_NAMES, kerasLayerConfig } from './keras-layer.config';

// tfjs-layers refuses other weight names ("Not a valid tensor name") when it loads them.
const TFJS_WEIGHT_NAME = /^[A-Za-z0-9]/;

/** The default name of the one weight shard, relative to `model.json`. */
export const DEFAULT_SHARD_NAME = 'group1-shard1of1.bin';

/** A TF.js layers `model.json`: Keras topology plus the weights manifest. */
export interface TfjsLayersModelJson {
  readonly format: 'layers-model';
  readonly generatedBy: string;
  readonly convertedBy: null;
  readonly modelTopology: { readonly class_name: 'Model'; readonly config: unknown };
  readonly weightsManifest: readonly {
    readonly paths: readonly string[];
    readonly weights: readonly WeightSpec[];
  }[];
}

/** What {@link exportTfjsLayersModel} returns. */
export interface TfjsLayersExport {
  /** `model.json`; its manifest names the shard {@link TfjsLayersExportOptions.shardPath}. */
  readonly modelJson: TfjsLayersModelJson;
  /** The manifest's weights in shard order (for `tf.io.fromMemory`). */
  readonly weightSpecs: readonly WeightSpec[];
  /** The shard: every weight as float32 little-endian, in `weightSpecs` order. */
  readonly weightData: Uint8Array;
  /** The exported network: the description with its gates folded away (see `foldGates`). */
  readonly network: NetworkDescription;
}

/** Options of {@link exportTfjsLayersModel}. */
export interface TfjsLayersExportOptions {
  /**
   * Values by `<layer>/<param>` (our names, as `MorphModel.variables` and checkpoints'
   * `model/…` tensors key them); a parameter missing here is read from the description's
   * own values. Every parameter needs one or the other.
   */
  readonly weights?: ReadonlyMap<string, ArrayLike<number>>;
  /** The shard's path in the manifest, relative to `model.json` [{@link DEFAULT_SHARD_NAME}]. */
  readonly shardPath?: string;
}

function namedValues(net: NetworkDescription, given: TfjsLayersExportOptions['weights']) {
  const shapes = inferNetworkShapes(net);
  const values: NamedValues = new Map();
  const missing: string[] = [];
  for (const layer of net.layers) {
    const inShape = shapes.get(layer.inputs[0] ?? '') ?? [];
    for (const [param, shape] of Object.entries(parameterShapes(layer, inShape))) {
      const key = `${layer.name}/${param}`;
      const own = (layer as unknown as Record<string, unknown[] | undefined>)[param];
      const v = given?.get(key) ?? (own ? (flattenValues(own) as number[]) : undefined);
      const size = shape.reduce((n, d) => n * d, 1);
      if (!v || v.length !== size) missing.push(`${key} (${size} values, got ${v?.length ?? 0})`);
      else values.set(key, Float32Array.from(v));
    }
  }
  if (missing.length > 0)
    throw new MorphnetError(
      'INVALID_ARGUMENT',
      `no values of the right size for ${missing.length} parameter(s): ${missing.slice(0, 5).join(', ')}`,
      missing.map((m) => ({ field: m.split(' ')[0] as string, reason: `no values: ${m}` })),
    );
  return values;
}

/**
 * Exports a network with its trained values as a TF.js layers Functional model. Gates are
 * folded into the layer producing their channels (inference masks are constant); batch-norm
 * moving statistics are written as `moving_mean` / `moving_variance`. Predictions of
 * `tf.loadLayersModel` equal `buildModel(net).apply(x, {training: false})`. Throws
 * `INVALID_ARGUMENT` for missing values, `UNSUPPORTED_EXPORT` for gates that cannot be folded
 * and for layers with weights whose names start with `_` (tfjs-layers refuses such weight names).
 */
export function exportTfjsLayersModel(
  net: NetworkDescription,
  options: TfjsLayersExportOptions = {},
): TfjsLayersExport {
  const values = namedValues(net, options.weights);
  const network = foldGates(net, values);
  const shapes = inferNetworkShapes(network);
  const node = (name: string) => [name, 0, 0, {}];
  const layers = [
    ...network.inputs.map((input) => ({
      name: input.name,
      class_name: 'InputLayer',
      config: {
        batch_input_shape: [null, ...input.shape],
        dtype: 'float32',
        sparse: false,
        name: input.name,
      },
      inbound_nodes: [],
    })),
    ...network.layers.map((layer) => ({
      name: layer.name,
      ...kerasLayerConfig(layer),
      inbound_nodes: [layer.inputs.map(node)],
    })),
  ];
  const weightSpecs: WeightSpec[] = [];
  const chunks: Float32Array[] = [];
  const badNames: string[] = [];
  for (const layer of network.layers) {
    const inShape = shapes.get(layer.inputs[0] ?? '') ?? [];
    const params = Object.entries(parameterShapes(layer, inShape));
    if (params.length > 0 && !TFJS_WEIGHT_NAME.test(layer.name)) badNames.push(layer.name);
    for (const [param, shape] of params) {
      weightSpecs.push({
        name: `${layer.name}/${KERAS_WEIGHT_NAMES[param] ?? param}`,
        shape,
        dtype: 'float32',
      });
      chunks.push(values.get(`${layer.name}/${param}`) as Float32Array);
    }
  }
  if (badNames.length > 0)
    throw new MorphnetError(
      'UNSUPPORTED_EXPORT',
      `TF.js weight names must start with a letter or digit: rename ${badNames.join(', ')}`,
      badNames.map((layer) => ({ layer, field: 'name', reason: 'starts with "_"' })),
    );
  return {
    modelJson: {
      format: 'layers-model',
      generatedBy: 'MorphSweep (@morphsweep/morphnet exportTfjsLayersModel)',
      convertedBy: null,
      modelTopology: {
        class_name: 'Model',
        config: {
          name: network.name,
          layers,
          input_layers: network.inputs.map((i) => [i.name, 0, 0]),
          output_layers: network.outputs.map((o) => [o, 0, 0]),
        },
      },
      weightsManifest: [{ paths: [options.shardPath ?? DEFAULT_SHARD_NAME], weights: weightSpecs }],
    },
    weightSpecs,
    weightData: float32LittleEndian(chunks),
    network,
  };
}

function float32LittleEndian(chunks: readonly Float32Array[]): Uint8Array {
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const bytes = new Uint8Array(total * 4);
  const view = new DataView(bytes.buffer);
  let offset = 0;
  for (const chunk of chunks)
    for (const x of chunk) {
      view.setFloat32(offset, x, true);
      offset += 4;
    }
  return bytes;
}
