import * as tf from '@tensorflow/tfjs-core';
// tfjs-layers registers every gradient training needs (see index.ts).
import '@tensorflow/tfjs-layers';
import { MorphnetError } from '../errors';
import { inferNetworkShapes, flattenValues } from '../format/network.parse';
import { parameterShapes } from '../format/layer.shapes';
import type { LayerDescription, NetworkDescription } from '../format/network.schema';
import { buildOpGraph, type GraphMode } from '../graph/op-graph.builder';
import type { OpGraph, OpNode } from '../graph/op-graph';
import type { TensorSource } from '../graph/tensor-source';
import {
  applyGateMask,
  gateTemperature,
  inferenceGateMask,
  logisticNoise,
  sampleGateMask,
} from './gate.forward';
import { resolveConvolutionMode, type ConvolutionMode } from './conv.select';
import { batchNormTraining } from './batch-norm.training';
import { forwardLayer } from './layer.forward';
import { initialValue, isTrainableParam } from './parameter.init';

/** Options of {@link MorphModel.apply}. */
export interface ApplyOptions {
  /** Training: batch statistics, sampled gates, dropout. Inference: moving statistics, deterministic gates. */
  readonly training: boolean;
  /** Training step, needed by annealing gates. */
  readonly step?: number;
  /** Seed for gate noise and dropout (per layer: seed + layer index). */
  readonly seed?: number;
  /**
   * Update batch-norm moving statistics from this batch [true in training, false otherwise;
   * in inference only together with `batchStatistics`, which is how statistics are
   * recalibrated for fixed weights].
   */
  readonly updateStatistics?: boolean;
  /**
   * Weight of the old moving statistics in this update [the layer's `momentum`]. `k / (k + 1)`
   * on the k-th of K batches (from 0) leaves the plain average of the K batches' statistics.
   */
  readonly statisticsMomentum?: number;
  /**
   * Inference only: normalise with the batch's own statistics instead of the moving ones
   * (gates stay deterministic) [false]. For evaluating a network whose weights change faster
   * than its moving statistics follow (short runs, high learning rates); needs batches of a
   * few hundred images to be accurate.
   */
  readonly batchStatistics?: boolean;
}

/** Options of {@link buildModel} / the {@link MorphModel} constructor. */
export interface ModelOptions {
  /** Seeds parameter initialisation (per layer: seed + layer index). */
  readonly seed?: number;
  /** How convolutions are computed [auto]; see {@link ConvolutionMode}. */
  readonly convolutions?: ConvolutionMode;
}

type GateLayer = Extract<LayerDescription, { op: 'gate' }>;
type BatchNormLayer = Extract<LayerDescription, { op: 'batchNorm' }>;

/**
 * A trainable tfjs model built from a network description. Variables are named
 * `<layer>/<param>`; {@link graph} gives the matching MorphNet op graph, and the model is the
 * {@link TensorSource} a network regularizer reads parameters and sampled gate masks from.
 * Call `getRegularizationTerm()` after `apply` inside the same gradient scope so gradients
 * reach gate logits through the sampled masks.
 */
export class MorphModel implements TensorSource {
  /** Every variable, keyed `<layer>/<param>` (e.g. `conv1/kernel`, `bn1/gamma`, `g1/logits`). */
  readonly variables = new Map<string, tf.Variable>();
  private readonly masks = new Map<string, tf.Tensor1D>();
  private readonly constants = new Map<OpNode, tf.Tensor>();
  private readonly graphs = new Map<GraphMode, OpGraph>();

  /** The requested convolution mode; `auto` is resolved against the backend at each `apply`. */
  readonly convolutions: ConvolutionMode;

  constructor(
    readonly description: NetworkDescription,
    options: ModelOptions = {},
  ) {
    this.convolutions = options.convolutions ?? 'auto';
    const shapes = inferNetworkShapes(description);
    description.layers.forEach((layer, i) => {
      const inShape = shapes.get(layer.inputs[0] ?? '') ?? [];
      for (const [param, shape] of Object.entries(parameterShapes(layer, inShape))) {
        const given = (layer as unknown as Record<string, unknown[] | undefined>)[param];
        const value = given
          ? tf.tensor(flattenValues(given) as number[], shape)
          : initialValue(layer, param, shape, seedFor(options.seed, i));
        this.variables.set(`${layer.name}/${param}`, tf.variable(value, isTrainableParam(param)));
        value.dispose();
      }
    });
  }

  /** The MorphNet op graph of this network in a mode (cached). */
  graph(mode: GraphMode = 'training'): OpGraph {
    let g = this.graphs.get(mode);
    if (!g) this.graphs.set(mode, (g = buildOpGraph(this.description, mode)));
    return g;
  }

  /** Variables the optimizer should update. */
  trainableVariables(): tf.Variable[] {
    return [...this.variables.values()].filter((v) => v.trainable);
  }

  private param(layer: string, name: string): tf.Variable {
    const v = this.variables.get(`${layer}/${name}`);
    if (!v) throw new MorphnetError('NOT_READY', `layer ${layer} has no parameter ${name}`);
    return v;
  }

  /**
   * Runs the network on a batch; `inputs` in description order (or one tensor for one input).
   * Returns the outputs in description order.
   */
  apply(inputs: tf.Tensor | readonly tf.Tensor[], options: ApplyOptions): tf.Tensor[] {
    const values = new Map<string, tf.Tensor>();
    const list = Array.isArray(inputs) ? inputs : [inputs as tf.Tensor];
    const convolutions = resolveConvolutionMode(this.convolutions);
    this.description.inputs.forEach((input, i) => values.set(input.name, list[i] as tf.Tensor));
    this.description.layers.forEach((layer, i) => {
      const xs = layer.inputs.map((n) => values.get(n) as tf.Tensor);
      values.set(
        layer.name,
        this.forward(layer, xs, options, seedFor(options.seed, i), convolutions),
      );
    });
    return this.description.outputs.map((o) => values.get(o) as tf.Tensor);
  }

  private forward(
    layer: LayerDescription,
    xs: tf.Tensor[],
    options: ApplyOptions,
    seed: number | undefined,
    convolutions: 'native' | 'matmul',
  ): tf.Tensor {
    const x = xs[0] as tf.Tensor;
    switch (layer.op) {
      case 'batchNorm':
        return this.batchNorm(layer, x, options);
      case 'gate': {
        const logits = this.param(layer.name, 'logits') as tf.Tensor as tf.Tensor1D;
        const mask = options.training
          ? this.sampleGate(layer, seed, options.step)
          : inferenceGateMask(layer, logits);
        return applyGateMask(layer, mask, x);
      }
      case 'dropout':
        return options.training && layer.rate > 0 ? tf.dropout(x, layer.rate, undefined, seed) : x;
      default:
        return forwardLayer(layer, xs, (p) => this.param(layer.name, p), convolutions);
    }
  }

  private batchNorm(l: BatchNormLayer, x: tf.Tensor, options: ApplyOptions): tf.Tensor {
    const mean = this.param(l.name, 'movingMean');
    const variance = this.param(l.name, 'movingVariance');
    const gamma = l.scale ? this.param(l.name, 'gamma') : undefined;
    const beta = l.center ? this.param(l.name, 'beta') : undefined;
    if (!options.training && !options.batchStatistics)
      return tf.batchNorm(x, mean, variance, beta, gamma, l.epsilon);
    const axes = x.shape.slice(0, -1).map((_, i) => i);
    // Batch statistics and normalisation in one, so a backend can fuse them (see the hook).
    const moments = batchNormTraining(x, beta, gamma, l.epsilon);
    if (options.updateStatistics ?? options.training) {
      // Like TF's fused kernel, the moving variance tracks the unbiased batch variance.
      const n = axes.reduce((p, a) => p * (x.shape[a] ?? 1), 1);
      const momentum = options.statisticsMomentum ?? l.momentum;
      tf.tidy(() => {
        const unbiased = tf.mul(moments.variance, n / Math.max(n - 1, 1));
        mean.assign(tf.add(tf.mul(mean, momentum), tf.mul(moments.mean, 1 - momentum)));
        variance.assign(tf.add(tf.mul(variance, momentum), tf.mul(unbiased, 1 - momentum)));
      });
    }
    return moments.y;
  }

  private sampleGate(
    layer: GateLayer,
    seed: number | undefined,
    step: number | undefined,
  ): tf.Tensor1D {
    const logits = this.param(layer.name, 'logits') as tf.Tensor as tf.Tensor1D;
    const noise = logisticNoise(logits.shape[0], seed);
    const mask = tf.keep(sampleGateMask(layer, logits, noise, gateTemperature(layer, step)));
    noise.dispose();
    this.masks.get(layer.name)?.dispose();
    this.masks.set(layer.name, mask);
    return mask;
  }

  /**
   * Samples every gate's training mask without running the network (e.g. to read a
   * stochastic cost outside training).
   */
  resampleGates(options: { readonly seed?: number; readonly step?: number } = {}): void {
    this.description.layers.forEach((layer, i) => {
      if (layer.op === 'gate') this.sampleGate(layer, seedFor(options.seed, i), options.step);
    });
  }

  /** {@link TensorSource}: variables, constants and the latest sampled gate masks. */
  tensor(op: OpNode, outputIndex: number): tf.Tensor {
    if (op.type === 'VariableV2') {
      const v = this.variables.get(op.attrs.variable ?? '');
      if (v) return v;
    } else if (op.type === 'LogisticSigmoidGating' && outputIndex === 0) {
      const mask = this.masks.get(op.attrs.layer ?? '');
      if (!mask)
        throw new MorphnetError(
          'NOT_READY',
          `gate ${op.attrs.layer} has no sampled mask yet; run apply({training: true}) or resampleGates()`,
        );
      return mask;
    } else if (op.type === 'Const' && op.attrs.value) {
      let c = this.constants.get(op);
      if (!c)
        this.constants.set(
          op,
          (c = tf.tensor(op.attrs.value as number[], (op.outputShapes[0] ?? []).map(Number))),
        );
      return c;
    }
    throw new MorphnetError(
      'NOT_READY',
      `no tensor for output ${outputIndex} of ${op.name} (${op.type})`,
    );
  }

  /** The description with every parameter's current value written in (a checkpointable state). */
  toDescription(): NetworkDescription {
    const layers = this.description.layers.map((layer) => {
      const values: Record<string, number[]> = {};
      for (const [key, v] of this.variables) {
        const [owner, param] = key.split('/') as [string, string];
        if (owner === layer.name) values[param] = Array.from(v.dataSync());
      }
      return { ...layer, ...values } as LayerDescription;
    });
    return { ...this.description, layers };
  }

  /** Frees every variable, constant and mask. */
  dispose(): void {
    this.variables.forEach((v) => v.dispose());
    this.masks.forEach((m) => m.dispose());
    this.constants.forEach((c) => c.dispose());
    this.variables.clear();
    this.masks.clear();
    this.constants.clear();
  }
}

function seedFor(seed: number | undefined, index: number): number | undefined {
  return seed === undefined ? undefined : seed + index;
}

/**
 * Builds a {@link MorphModel}; `seed` makes initialisation deterministic, `convolutions`
 * chooses native conv ops or im2col (default `auto`: native where the backend has fast
 * convolution gradients).
 */
export function buildModel(
  description: NetworkDescription,
  options: ModelOptions = {},
): MorphModel {
  return new MorphModel(description, options);
}
