import * as tf from '@tensorflow/tfjs-core';
import type { NetworkRegularizer, OpGraph } from '@morphsweep/morphnet';

const COMBINING = new Set(['AddV2', 'Add', 'AddN', 'ConcatV2']);

/**
 * Whether the alive structure no longer connects the inputs to some output: true when an
 * output depends on an op whose alive count is 0 on every path. Ops are walked in
 * topological order with three states — `param` (depends on no input: variables, constants,
 * gate noise), `alive`, `dead`: an op with no inputs is `param` (a `Placeholder` is `alive`);
 * adds and concats are alive when any input is; any other op is dead when any input is;
 * an alive op whose MorphNet regularizer has no alive channel becomes dead. So a dead branch
 * of a residual block is not a collapse, a dead layer of a chain is.
 */
export function isCollapsed(graph: OpGraph, regularizer: NetworkRegularizer): boolean {
  const aliveCounts = new Map<unknown, number>();
  const aliveCount = (op: OpGraph['ops'][number]): number | undefined => {
    const reg = regularizer.manager.getRegularizer(op);
    if (!reg) return undefined;
    let count = aliveCounts.get(reg);
    if (count === undefined) {
      count = tf.tidy(() => tf.sum(tf.cast(reg.aliveVector(), 'float32')).dataSync()[0] ?? 0);
      aliveCounts.set(reg, count);
    }
    return count;
  };
  const state = new Map<OpGraph['ops'][number], 'param' | 'alive' | 'dead'>();
  for (const op of graph.ops) {
    let s: 'param' | 'alive' | 'dead';
    if (op.type === 'Placeholder') s = 'alive';
    else {
      const inputs = op.inputs.map((i) => state.get(i.op) ?? 'param').filter((x) => x !== 'param');
      if (inputs.length === 0) s = 'param';
      else if (COMBINING.has(op.type)) s = inputs.includes('alive') ? 'alive' : 'dead';
      else s = inputs.includes('dead') ? 'dead' : 'alive';
    }
    if (s === 'alive' && aliveCount(op) === 0) s = 'dead';
    state.set(op, s);
  }
  return graph.outputs.some((op) => state.get(op) === 'dead');
}
