import { MorphnetError } from '../errors';

/** One Keras layer, read from any of the supported JSON layouts. */
export interface KerasLayer {
  readonly name: string;
  readonly className: string;
  readonly config: Record<string, unknown>;
  /** Names of the layers whose outputs it reads, in order (empty for an input). */
  readonly inbound: readonly string[];
  /** Why its wiring cannot be imported (a shared layer, a multi-output tensor), if so. */
  readonly wiringProblem?: string;
}

/** A Keras model as a layer graph: Sequential models become a chain. */
export interface KerasGraph {
  readonly name: string;
  readonly layers: readonly KerasLayer[];
  /** Names of the input layers and the output layers. */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** `keras 3`, `tf.keras 2` or `tfjs-layers`: which layout was read. */
  readonly layout: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const notAModel = (why: string): MorphnetError =>
  new MorphnetError('INVALID_ARGUMENT', `not a Keras or TF.js layers model JSON: ${why}`);

/**
 * Reads Keras 3 `model.to_json()`, tf.keras 2 `model.to_json()` and a TF.js layers
 * `model.json` (its `modelTopology`, bare or under `model_config`) into one {@link KerasGraph}.
 * Throws `INVALID_ARGUMENT` for JSON that is none of these.
 */
export function readKerasModel(json: unknown): KerasGraph {
  let top = json;
  let layout = 'keras 3';
  if (isObject(top) && 'modelTopology' in top) {
    layout = 'tfjs-layers';
    top = top['modelTopology'];
    if (isObject(top) && isObject(top['model_config'])) top = top['model_config'];
  } else if (isObject(top) && typeof top['keras_version'] === 'string') layout = 'tf.keras 2';
  if (!isObject(top) || typeof top['class_name'] !== 'string')
    throw notAModel('no top-level "class_name" (expected Sequential or Functional)');
  const className = top['class_name'];
  const config = top['config'];
  if (className === 'Sequential') return readSequential(config, layout);
  if (['Functional', 'Model'].includes(className) && isObject(config))
    return readFunctional(config, layout);
  throw notAModel(`top-level class "${className}" is neither Sequential nor Functional`);
}

function layerOf(raw: unknown, index: number): Omit<KerasLayer, 'inbound'> {
  if (!isObject(raw) || typeof raw['class_name'] !== 'string' || !isObject(raw['config']))
    throw notAModel(`layer #${index} has no "class_name" and "config"`);
  const config = raw['config'];
  const name = typeof raw['name'] === 'string' ? raw['name'] : config['name'];
  if (typeof name !== 'string') throw notAModel(`layer #${index} has no name`);
  return { name, className: raw['class_name'], config };
}

function readSequential(config: unknown, layout: string): KerasGraph {
  // Keras < 2.2.5 and old TF.js wrote the layer list as the whole config.
  const list = Array.isArray(config) ? config : isObject(config) ? config['layers'] : undefined;
  if (!Array.isArray(list) || list.length === 0) throw notAModel('a Sequential with no layers');
  const layers: KerasLayer[] = [];
  let previous: string | undefined;
  list.forEach((raw, i) => {
    const layer = layerOf(raw, i);
    if (previous === undefined && layer.className !== 'InputLayer') {
      // The first layer carries the input shape (tf.keras 2, TF.js) or the model does (Keras 3).
      const shape =
        layer.config['batch_input_shape'] ??
        (isObject(config) ? config['build_input_shape'] : undefined);
      previous = `${layer.name}_input`;
      layers.push({
        name: previous,
        className: 'InputLayer',
        config: { batch_input_shape: shape },
        inbound: [],
      });
    }
    layers.push({ ...layer, inbound: previous === undefined ? [] : [previous] });
    previous = layer.name;
  });
  const name = isObject(config) && typeof config['name'] === 'string' ? config['name'] : 'model';
  return { name, layers, inputs: [layers[0]!.name], outputs: [previous!], layout };
}

/** `[name, node, tensor]` references: one (Keras 3, single) or a list of them. */
function tensorRefs(v: unknown): unknown[][] {
  if (!Array.isArray(v)) return [];
  return typeof v[0] === 'string' ? [v] : v.filter(Array.isArray);
}

/** Every `[layer, node, tensor]` a Keras 3 node's args reach (tensors may sit in lists). */
function kerasHistories(v: unknown, out: unknown[][] = []): unknown[][] {
  if (Array.isArray(v)) for (const item of v) kerasHistories(item, out);
  else if (isObject(v)) {
    const history = isObject(v['config']) ? v['config']['keras_history'] : undefined;
    if (v['class_name'] === '__keras_tensor__' && Array.isArray(history)) out.push(history);
  }
  return out;
}

function inboundOf(raw: Json): { inbound: string[]; wiringProblem?: string } {
  const nodes = Array.isArray(raw['inbound_nodes']) ? raw['inbound_nodes'] : [];
  if (nodes.length === 0) return { inbound: [] };
  const node = nodes[0];
  // Keras 3: {args, kwargs} with keras tensors; tf.keras 2 / TF.js: [[name, node, tensor, kwargs], …].
  const refs = isObject(node) ? kerasHistories(node['args']) : tensorRefs(node);
  const inbound = refs.map((r) => String(r[0]));
  if (nodes.length > 1)
    return { inbound, wiringProblem: `called ${nodes.length} times (shared weights)` };
  const other = refs.find((r) => Number(r[1] ?? 0) !== 0 || Number(r[2] ?? 0) !== 0);
  if (other)
    return {
      inbound,
      wiringProblem: `reads output ${String(other[2])} of call ${String(other[1])} of "${String(other[0])}" (shared or multi-output layer)`,
    };
  return { inbound };
}

function readFunctional(config: Json, layout: string): KerasGraph {
  const list = config['layers'];
  if (!Array.isArray(list) || list.length === 0) throw notAModel('a Functional with no layers');
  const layers = list.map((raw, i) => ({
    ...layerOf(raw, i),
    ...inboundOf(raw as Json),
  }));
  const names = (v: unknown) => tensorRefs(v).map((r) => String(r[0]));
  const name = typeof config['name'] === 'string' ? config['name'] : 'model';
  return {
    name,
    layers,
    inputs: names(config['input_layers']),
    outputs: names(config['output_layers']),
    layout,
  };
}
