import type * as tf from '@tensorflow/tfjs-core';
import type { TargetResource } from '@morphsweep/contracts';
import { CostCalculator, type OpCost } from '../cost/cost-calculator';
import { resolveHardware, type HardwareProfile } from '../cost/hardware.profiles';
import { resourceFunctionOf } from '../cost/resource-function.of';
import { MorphnetError } from '../errors';
import type { OpGraph, OpNode } from '../graph/op-graph';
import type { TensorSource } from '../graph/tensor-source';
import { familyHandlerRegistry, type RegularizerFamily } from '../handlers/handler-families';
import { OpRegularizerManager, type ManagerDiagnostic } from '../manager/op-regularizer.manager';
import {
  L2GroupingRegularizer,
  MaxGroupingRegularizer,
  ProbabilisticGroupingRegularizer,
  type GroupingRegularizerFactory,
} from '../regularizers/grouping.regularizer';
import type { RegularizerDecorator } from '../regularizers/scaling.decorator';

/**
 * The resources a network regularizer can target: the ones a sweep can target, plus MorphNet's
 * activation count and memory (the CLI's `cost` reports them).
 */
export type ResourceName = TargetResource | 'activations' | 'memory';

/** How a group with several sources combines them (default: max, probabilistic for gating). */
export type GroupingKind = 'max' | 'l2' | 'probabilistic';

/** Options of {@link createNetworkRegularizer}. */
export interface NetworkRegularizerOptions {
  readonly graph: OpGraph;
  /** Where parameter values and gate masks are read (usually the {@link MorphModel}). */
  readonly tensors: TensorSource;
  readonly family: RegularizerFamily;
  readonly resource: ResourceName;
  /** Gamma / group-lasso: alive iff value > threshold (required). Gating: alive threshold (≥) [0.1]. */
  readonly threshold?: number;
  /** Group lasso: weight of the L1 term [0]. */
  readonly l1Fraction?: number;
  /** Gating: regularize the sampled mask (else sigmoid(logits)) [true]. */
  readonly regularizeOnMask?: boolean;
  /** Gating: alive test on the mask (else sigmoid(logits)) [true]. */
  readonly maskAsAliveVector?: boolean;
  /** Latency: a table name, `host-cpu`, or a profile. */
  readonly hardware?: string | HardwareProfile;
  /**
   * Latency and memory: batch size [1]. FLOPs, model size and activations ignore it
   * (docs/morphnet.md §7.1).
   */
  readonly batchSize?: number;
  /** Op or layer names [the graph outputs]. */
  readonly outputBoundary?: readonly string[];
  /** Op or layer names where the analysis stops. */
  readonly inputBoundary?: readonly string[];
  readonly forceGroup?: readonly string[];
  readonly regularizerBlacklist?: readonly string[];
  readonly decorator?: RegularizerDecorator;
  readonly grouping?: GroupingKind;
  readonly l2GroupingThreshold?: number;
  readonly iterationLimit?: number;
  /** Called for each non-fatal analysis finding; all are also in `manager.diagnostics`. */
  readonly onDiagnostic?: (diagnostic: ManagerDiagnostic) => void;
}

/**
 * A MorphNet network regularizer (docs/morphnet.md §7): the analysed graph plus a resource. Add
 * `strength × getRegularizationTerm()` to the training loss; read `getCost()` for the cost
 * with dead channels removed.
 */
export class NetworkRegularizer {
  constructor(
    /** Reference class name, e.g. `GammaFlops`. */
    readonly name: string,
    /** What the cost measures, e.g. `FLOPs`, `V100 Latency`. */
    readonly costName: string,
    readonly manager: OpRegularizerManager,
    private readonly calculator: CostCalculator,
  ) {}

  /** Differentiable surrogate of the cost (a scalar the caller disposes); `ops` empty = all. */
  getRegularizationTerm(ops?: readonly OpNode[]): tf.Scalar {
    return this.calculator.getRegularizationTerm(ops);
  }

  /** Cost if every dead channel were removed; `ops` empty = all. */
  getCost(ops?: readonly OpNode[]): number {
    return this.calculator.getCost(ops);
  }

  /** Per-op cost, regularization and alive counts of every summed op. */
  opCosts(ops?: readonly OpNode[]): OpCost[] {
    return this.calculator.opCosts(ops);
  }
}

/** Resolves op or layer names to ops (a layer name means the layer's output op). */
export function resolveOps(graph: OpGraph, names: readonly string[], what: string): OpNode[] {
  return names.map((name) => {
    const op =
      graph.find(name) ??
      [...graph.ops]
        .reverse()
        .find((o) => o.attrs.layer === name && o.type !== 'VariableV2' && o.type !== 'Const');
    if (!op) throw new MorphnetError('INVALID_ARGUMENT', `${what}: no op or layer named "${name}"`);
    return op;
  });
}

const FAMILY_PREFIX: Record<RegularizerFamily, string> = {
  gamma: 'Gamma',
  'group-lasso': 'GroupLasso',
  'logistic-sigmoid': 'LogisticSigmoid',
};

function names(
  family: RegularizerFamily,
  resource: ResourceName,
  hardware: HardwareProfile | undefined,
): [string, string] {
  const prefix = FAMILY_PREFIX[family];
  switch (resource) {
    case 'flops':
      return [`${prefix}Flops`, 'FLOPs'];
    case 'model-size':
      return [`${prefix}ModelSize`, 'ModelSize'];
    case 'activations':
      return [`${prefix}ActivationCount`, 'Activations'];
    case 'memory':
      return [`${prefix}Memory`, 'Memory'];
    case 'latency':
      return [
        family === 'logistic-sigmoid' ? 'LogisticSigmoidLatency' : 'Latency',
        `${hardware?.name ?? ''} Latency`,
      ];
  }
}

function groupingFactory(options: NetworkRegularizerOptions): GroupingRegularizerFactory {
  const kind =
    options.grouping ?? (options.family === 'logistic-sigmoid' ? 'probabilistic' : 'max');
  if (kind === 'probabilistic') return (m) => new ProbabilisticGroupingRegularizer(m);
  if (kind === 'l2')
    return (m) => new L2GroupingRegularizer(m, options.l2GroupingThreshold ?? 0.01);
  return (m) => new MaxGroupingRegularizer(m);
}

/**
 * Builds a network regularizer: analyses the graph with the family's handlers and pairs it
 * with the resource. Throws `MorphnetError` for a missing threshold, unknown hardware, bad
 * boundaries or any grouping failure.
 */
export function createNetworkRegularizer(options: NetworkRegularizerOptions): NetworkRegularizer {
  const { graph, family, resource } = options;
  if (family !== 'logistic-sigmoid' && options.threshold === undefined) {
    throw new MorphnetError('INVALID_ARGUMENT', `the ${family} family needs a threshold`);
  }
  const hardware = resource === 'latency' ? resolveHardware(options.hardware) : undefined;
  const batch = options.batchSize ?? 1;
  if (!(batch > 0))
    throw new MorphnetError('INVALID_ARGUMENT', `batch size must be > 0, got ${batch}`);
  const handlers = familyHandlerRegistry(family, options.tensors, {
    threshold: options.threshold ?? 0,
    l1Fraction: options.l1Fraction,
    decorator: options.decorator,
    omitConv3dSource: family === 'group-lasso' && resource === 'activations',
    regularizeOnMask: options.regularizeOnMask,
    maskAsAliveVector: options.maskAsAliveVector,
    aliveThreshold: family === 'logistic-sigmoid' ? (options.threshold ?? 0.1) : undefined,
  });
  const manager = new OpRegularizerManager({
    graph,
    handlers,
    outputBoundary: options.outputBoundary
      ? resolveOps(graph, options.outputBoundary, 'output boundary')
      : graph.outputs,
    inputBoundary: options.inputBoundary
      ? resolveOps(graph, options.inputBoundary, 'input boundary')
      : undefined,
    forceGroup: options.forceGroup,
    regularizerBlacklist: options.regularizerBlacklist,
    createGroupingRegularizer: groupingFactory(options),
    iterationLimit: options.iterationLimit,
    onDiagnostic: options.onDiagnostic,
  });
  const [name, costName] = names(family, resource, hardware);
  return new NetworkRegularizer(
    name,
    costName,
    manager,
    new CostCalculator(manager, resourceFunctionOf(resource, { hardware, batch })),
  );
}
