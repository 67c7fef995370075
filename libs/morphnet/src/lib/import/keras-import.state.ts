import type { NetworkIssue } from '../errors';
import { layerOutputShape, pairOf } from '../format/layer.shapes';
import { layerSchema } from '../format/network.schema';
import { KERAS_CONVERTERS, isProblem, type LayerInput } from './keras-layer.convert';
import type { KerasGraph, KerasLayer } from './keras-model.read';
import { readWeights, weightsManifestOf } from './tfjs-weights.read';
import { paddingIsSame, zeroPads } from './zero-padding.fold';

const CONVS = new Set([
  'Conv2D',
  'Convolution2D',
  'DepthwiseConv2D',
  'SeparableConv2D',
  'SeparableConvolution2D',
]);
const MODELS = new Set(['Functional', 'Model', 'Sequential']);

/** A name our format accepts (`^[A-Za-z_][A-Za-z0-9_.-]*$`). */
export const sanitize = (name: string): string => {
  const s = name.replace(/[^A-Za-z0-9_.-]/g, '_');
  return /^[A-Za-z_]/.test(s) ? s : `_${s}`;
};

/**
 * One import in progress: converts Keras layers in topological order into our layers,
 * tracking their names and shapes and collecting every problem as an issue.
 */
export class ImportState {
  readonly ours = new Map<string, string>();
  /** Keras layer → the first of our layers it became (the one holding its parameters). */
  private readonly primary = new Map<string, string>();
  readonly shapes = new Map<string, readonly number[]>();
  readonly inputs: { name: string; shape: number[] }[] = [];
  readonly layers: LayerInput[] = [];
  readonly issues: NetworkIssue[] = [];
  readonly notes: string[] = [];
  private readonly used = new Set<string>();
  private readonly reserved = new Set<string>();
  private readonly consumers = new Map<string, KerasLayer[]>();
  private readonly classOf = new Map<string, string>();
  private readonly sameInstead = new Set<string>();

  constructor(private readonly graph: KerasGraph) {
    for (const l of graph.layers) {
      this.reserved.add(sanitize(l.name));
      this.classOf.set(l.name, l.className);
      for (const n of l.inbound) this.consumers.set(n, [...(this.consumers.get(n) ?? []), l]);
    }
  }

  private fail(layer: KerasLayer, field: string, reason: string): void {
    this.issues.push({ layer: layer.name, field, reason: `${layer.className}: ${reason}` });
  }

  private unique(base: string, own: string): string {
    let name = base;
    for (let i = 1; this.used.has(name) || (name !== own && this.reserved.has(name)); i++)
      name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  convert(layer: KerasLayer): void {
    if (layer.wiringProblem) return this.fail(layer, 'inbound_nodes', layer.wiringProblem);
    const dangling = layer.inbound.find((n) => !this.classOf.has(n));
    if (dangling !== undefined)
      return this.fail(
        layer,
        'inbound_nodes',
        `reads "${dangling}", which is no layer of the model`,
      );
    if (layer.className === 'InputLayer') return this.input(layer);
    if (layer.className === 'Rescaling') return this.rescaling(layer);
    if (layer.className === 'ZeroPadding2D') return this.zeroPadding(layer);
    const converter = KERAS_CONVERTERS[layer.className];
    if (!converter)
      return this.fail(
        layer,
        'class_name',
        MODELS.has(layer.className)
          ? 'a nested model: flatten it into one Functional model before exporting'
          : 'our format has no op for this layer',
      );
    const inputs = layer.inbound.map((n) => this.ours.get(n));
    const known = inputs.every((n) => n !== undefined);
    const own = sanitize(layer.name);
    const config = this.sameInstead.has(layer.name)
      ? { ...layer.config, padding: 'same' }
      : layer.config;
    const emitted: LayerInput[] = [];
    const result = converter(config, {
      name: own,
      inputs: known ? (inputs as string[]) : layer.inbound.map(sanitize),
      shapes: known ? (inputs as string[]).map((n) => this.shapes.get(n) ?? []) : [],
      emit: (l) => {
        const name = this.unique(l.name, own);
        emitted.push({ ...l, name } as LayerInput);
        return name;
      },
    });
    if (isProblem(result)) return this.fail(layer, result.field, result.reason);
    // A layer after one we could not import is not reported again: its inputs are unknown.
    if (!known) return;
    for (const l of emitted) this.add(layer, l);
    this.ours.set(layer.name, result);
    if (emitted[0]) this.primary.set(layer.name, emitted[0].name);
    if (layer.config['trainable'] === false && emitted.length > 0)
      this.notes.push(
        `layer "${layer.name}" is frozen in Keras (trainable: false); MorphSweep trains every layer`,
      );
  }

  /** Writes the manifest's values into the layers they belong to; problems become issues. */
  setWeights(json: unknown, data: Uint8Array): void {
    const groups = weightsManifestOf(json);
    if (!groups) {
      this.issues.push({
        field: 'weightsManifest',
        reason: 'weights given, but the model JSON has no weightsManifest',
      });
      return;
    }
    const { values, issues } = readWeights(groups, data);
    this.issues.push(...issues);
    for (const [keras, params] of values) {
      const ours = this.primary.get(keras);
      const index = this.layers.findIndex((l) => l.name === ours);
      if (index < 0)
        this.issues.push({
          layer: keras,
          field: 'weights',
          reason: 'weights of a layer the model does not import',
        });
      else this.layers[index] = { ...this.layers[index]!, ...params } as LayerInput;
    }
  }

  private add(keras: KerasLayer, layer: LayerInput): void {
    this.layers.push(layer);
    const parsed = layerSchema.safeParse(layer);
    if (!parsed.success)
      return this.fail(
        keras,
        parsed.error.issues[0]?.path.join('.') ?? '',
        parsed.error.issues[0]?.message ?? 'invalid',
      );
    const shape = layerOutputShape(
      parsed.data,
      parsed.data.inputs.map((n) => this.shapes.get(n) ?? []),
    );
    if (typeof shape === 'string') return this.fail(keras, 'inputs', shape);
    this.shapes.set(layer.name, shape);
  }

  private input(layer: KerasLayer): void {
    const c = layer.config;
    const batchShape = (c['batch_shape'] ?? c['batch_input_shape']) as unknown;
    const shape = Array.isArray(batchShape) ? batchShape.slice(1) : [];
    if (shape.length === 0 || !shape.every((d) => typeof d === 'number' && d >= 1))
      return this.fail(
        layer,
        'batch_shape',
        `input shape ${JSON.stringify(batchShape)}: every dimension but the batch must be fixed`,
      );
    const name = this.unique(sanitize(layer.name), sanitize(layer.name));
    this.inputs.push({ name, shape: shape as number[] });
    this.ours.set(layer.name, name);
    this.shapes.set(name, shape as number[]);
  }

  private rescaling(layer: KerasLayer): void {
    const from = layer.inbound[0];
    if (layer.inbound.length !== 1 || this.classOf.get(from!) !== 'InputLayer')
      return this.fail(
        layer,
        'class_name',
        'our format has no op for rescaling; only rescaling of an input is dropped',
      );
    const ours = this.ours.get(from!);
    if (ours === undefined) return;
    this.ours.set(layer.name, ours);
    this.notes.push(
      `input rescaling "${layer.name}" (x·${String(layer.config['scale'])} + ${String(layer.config['offset'] ?? 0)}) dropped: feed "${ours}" scaled already`,
    );
  }

  private zeroPadding(layer: KerasLayer): void {
    const pads = zeroPads(layer.config['padding']);
    const from = this.ours.get(layer.inbound[0] ?? '');
    const shape = from === undefined ? undefined : this.shapes.get(from);
    const next = this.consumers.get(layer.name) ?? [];
    const conv = next.length === 1 ? next[0]! : undefined;
    const c = conv?.config ?? {};
    const foldable =
      pads !== undefined &&
      shape !== undefined &&
      conv !== undefined &&
      CONVS.has(conv.className) &&
      (c['padding'] ?? 'valid') === 'valid' &&
      paddingIsSame(
        pads,
        shape,
        pairOf(c['kernel_size'] as number),
        pairOf((c['strides'] ?? 1) as number),
      );
    if (from === undefined) return;
    if (!foldable)
      return this.fail(
        layer,
        'padding',
        `explicit padding ${JSON.stringify(layer.config['padding'])}: our format pads only as TF's "same", so zero padding imports only before one valid convolution where it equals that`,
      );
    this.sameInstead.add(conv!.name);
    this.ours.set(layer.name, from);
  }
}
