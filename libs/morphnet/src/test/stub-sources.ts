import * as tf from '@tensorflow/tfjs-core';
import {
  CostCalculator,
  OpRegularizerManager,
  OutputNonPassthroughOpHandler,
  baseHandlerRegistry,
  buildOpGraph,
  type NetworkDescription,
  type OpHandler,
  type OpNode,
  type OpRegularizer,
  type OpRegularizerManagerOptions,
  type OpSlice,
  type ResourceFunction,
} from '../index';

/** Fixed per-channel (regularization, alive) values of one conv layer. */
export interface Stub {
  readonly reg: readonly number[];
  readonly alive: readonly boolean[];
}

/**
 * Test-only source (the reference's stub regularizers): every `Conv2D` is a source whose
 * regularizer is the fixed vectors given for its layer, sliced to the op slice. Grouping is
 * the output-non-passthrough one, like the group-lasso conv sources (docs/morphnet.md §4.6).
 */
export class StubConvSourceOpHandler implements OpHandler {
  readonly isSourceOp = true;
  readonly isPassthrough = false;
  private readonly grouping = new OutputNonPassthroughOpHandler();

  constructor(private readonly stubs: Readonly<Record<string, Stub>>) {}

  assignGrouping(op: OpNode, mgr: OpRegularizerManager): void {
    for (const slice of mgr.getOpSlices(op)) if (!mgr.getOpGroup(slice)) mgr.groupOpSlices([slice]);
    this.grouping.assignGrouping(op, mgr);
  }

  createRegularizer(slice: OpSlice): OpRegularizer {
    const stub = this.stubs[slice.op.attrs.layer ?? ''];
    if (!stub) throw new Error(`no stub for ${slice.op.name}`);
    const end = slice.start + slice.size;
    return stubRegularizer({
      reg: stub.reg.slice(slice.start, end),
      alive: stub.alive.slice(slice.start, end),
    });
  }
}

/** A constant regularizer with the given vectors. */
export function stubRegularizer(stub: Stub): OpRegularizer {
  return {
    size: stub.reg.length,
    regularizationVector: () => tf.tensor1d([...stub.reg]),
    aliveVector: () => tf.tensor1d([...stub.alive], 'bool'),
  };
}

/**
 * Analyses a description's training graph with stub conv sources (Max grouping unless
 * `options` say otherwise); `cost(resource)` pairs the manager with a resource function.
 */
export function analyseWithStubs(
  net: NetworkDescription,
  stubs: Readonly<Record<string, Stub>>,
  options: Partial<Omit<OpRegularizerManagerOptions, 'graph' | 'handlers'>> = {},
) {
  const graph = buildOpGraph(net);
  const handlers = baseHandlerRegistry().with([['Conv2D', new StubConvSourceOpHandler(stubs)]]);
  const manager = new OpRegularizerManager({
    graph,
    handlers,
    outputBoundary: graph.outputs,
    ...options,
  });
  const op = (name: string): OpNode => {
    const found = graph.find(name);
    if (!found) throw new Error(`no op ${name}`);
    return found;
  };
  const cost = (resource: ResourceFunction) => new CostCalculator(manager, resource);
  return { graph, manager, op, cost };
}

/** Values of a regularizer's vectors as plain arrays (float32-rounded regularization). */
export function vectors(reg: OpRegularizer | null): { reg: number[]; alive: boolean[] } | null {
  if (!reg) return null;
  const r = reg.regularizationVector();
  const a = reg.aliveVector();
  const out = { reg: Array.from(r.dataSync()), alive: Array.from(a.dataSync(), (v) => v !== 0) };
  r.dispose();
  a.dispose();
  return out;
}

/** By hand: Max grouping of two stubs (element-wise max, alive OR). */
export function maxOf(a: Stub, b: Stub): Stub {
  return {
    reg: a.reg.map((v, i) => Math.max(v, b.reg[i] as number)),
    alive: a.alive.map((v, i) => v || (b.alive[i] as boolean)),
  };
}

export const T = true;
export const F = false;
export const sum = (xs: readonly number[]): number => xs.reduce((s, v) => s + v, 0);
export const count = (xs: readonly boolean[]): number => xs.filter(Boolean).length;
