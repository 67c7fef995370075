import { resourceFunctionOf } from '../cost/resource-function.of';
import { MorphnetError } from '../errors';
import { parseNetwork } from '../format/network.parse';
import {
  NETWORK_FORMAT,
  type NetworkDescription,
  type NetworkDescriptionInput,
} from '../format/network.schema';
import { countParameters } from '../model/parameter.count';
import { fullWidthCost } from '../structure/width-multiplier';
import { ImportState, sanitize } from './keras-import.state';
import { readKerasModel, type KerasLayer } from './keras-model.read';

/** What {@link importKerasModel} returns. */
export interface KerasImport {
  /** The network description, validated (defaults filled in). */
  readonly network: NetworkDescription;
  /** Trainable parameters ({@link countParameters}): what Keras' `trainable_weights` hold. */
  readonly parameters: number;
  /** FLOPs at full width, as `GET /api/zoo` and `morphsweep cost` count them. */
  readonly flops: number;
  /** What was read: `keras 3`, `tf.keras 2` or `tfjs-layers`. */
  readonly layout: string;
  /** What the import changed and the user should know (dropped input rescaling, frozen layers). */
  readonly notes: readonly string[];
}

/** Options of {@link importKerasModel}. */
export interface KerasImportOptions {
  /** The network's name (default: the model's, made a valid name). */
  readonly name?: string;
  /**
   * The weight shards of a TF.js `model.json`'s `weightsManifest`, concatenated in manifest
   * order (as TF.js loads them): the description then carries every parameter's value.
   */
  readonly weights?: Uint8Array;
}

/** Kahn's order over inbound edges, stable in the file's order; cycles keep file order. */
function topological(layers: readonly KerasLayer[]): KerasLayer[] {
  const done = new Set<string>();
  const out: KerasLayer[] = [];
  const known = new Set(layers.map((l) => l.name));
  let pending = [...layers];
  while (pending.length > 0) {
    const ready = pending.filter((l) => l.inbound.every((n) => done.has(n) || !known.has(n)));
    const next = ready.length > 0 ? ready : [pending[0]!];
    for (const l of next) {
      out.push(l);
      done.add(l.name);
    }
    pending = pending.filter((l) => !done.has(l.name));
  }
  return out;
}

/**
 * Converts a Keras 3 or tf.keras 2 `model.to_json()`, or a TF.js layers `model.json`, into a
 * network description (docs/network-format.md, "Importing Keras and TF.js models"). Sequential
 * and Functional graphs; pure, reads no files and no weights. Every layer we cannot express
 * is collected first: throws one `UNSUPPORTED_MODEL` whose `issues` name each (Keras layer
 * name, field, reason with its class). `INVALID_ARGUMENT` for JSON that is no Keras model;
 * `INVALID_NETWORK` if the converted layers do not fit together (e.g. dense on a 3-D tensor).
 */
export function importKerasModel(json: unknown, options: KerasImportOptions = {}): KerasImport {
  const graph = readKerasModel(json);
  const state = new ImportState(graph);
  for (const layer of topological(graph.layers)) state.convert(layer);
  if (options.weights) state.setWeights(json, options.weights);
  const outputs = graph.outputs.map((o) => state.ours.get(o)).filter((o) => o !== undefined);
  if (state.issues.length > 0) {
    const lines = state.issues.map(
      (i) => `  ${i.layer === undefined ? i.field : `layer "${i.layer}"`}: ${i.reason}`,
    );
    throw new MorphnetError(
      'UNSUPPORTED_MODEL',
      `cannot import ${state.issues.length} layer(s) of "${graph.name}" (${graph.layout}):\n${lines.join('\n')}`,
      state.issues,
    );
  }
  const description: NetworkDescriptionInput = {
    format: NETWORK_FORMAT,
    name: sanitize(options.name ?? graph.name),
    inputs: state.inputs,
    layers: state.layers,
    outputs,
  };
  const network = parseNetwork(description);
  return {
    network,
    parameters: countParameters(network),
    flops: fullWidthCost(network, resourceFunctionOf('flops', {})),
    layout: graph.layout,
    notes: state.notes,
  };
}
