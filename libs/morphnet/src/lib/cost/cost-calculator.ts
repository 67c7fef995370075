import * as tf from '@tensorflow/tfjs-core';
import { opSize, type OpNode } from '../graph/op-graph';
import type { OpRegularizer } from '../regularizers/op-regularizer';
import { SUPPORTED_COST_OPS, inputActivation, shapeOf } from './op-shapes';
import type { ResourceFunction } from './resource.functions';

/** What a cost calculator reads: the analysed ops and each op's regularizer. */
export interface RegularizerSource {
  readonly ops: readonly OpNode[];
  getRegularizer(op: OpNode): OpRegularizer | null;
}

/** Cost figures of one op (numbers; regularization evaluated at the current parameters). */
export interface OpCost {
  readonly name: string;
  readonly type: string;
  readonly cost: number;
  readonly regularizationTerm: number;
  readonly aliveIn: number;
  readonly aliveOut: number;
}

/** Evaluates a scalar-valued tensor expression to a number, freeing every intermediate. */
export function readScalar(fn: () => tf.Tensor): number {
  const t = tf.tidy(fn);
  const value = t.dataSync()[0] ?? 0;
  t.dispose();
  return value;
}

interface Side {
  readonly regularizer: OpRegularizer | null;
  readonly alive: number;
}

interface Term {
  readonly op: OpNode;
  readonly cost: number;
  readonly inCoeff: number;
  readonly outCoeff: number;
  readonly input: Side;
  readonly output: Side;
}

/**
 * Sums a resource over ops (docs/morphnet.md §6.1). `ops` empty or omitted means the source's ops;
 * only op types in the supported set contribute. Alive counts are constants; the regularization
 * term is differentiable through the sources' regularization vectors.
 */
export class CostCalculator {
  constructor(
    private readonly source: RegularizerSource,
    private readonly resource: ResourceFunction,
  ) {}

  private terms(ops?: readonly OpNode[]): Term[] {
    const list = ops && ops.length > 0 ? ops : this.source.ops;
    const sides = new Map<OpNode, Side>();
    const side = (op: OpNode | undefined, fallback: number): Side => {
      if (!op) return { regularizer: null, alive: fallback };
      let s = sides.get(op);
      if (!s) {
        const regularizer = this.source.getRegularizer(op);
        const alive = regularizer
          ? readScalar(() => tf.sum(tf.cast(regularizer.aliveVector(), 'float32')))
          : fallback;
        sides.set(op, (s = { regularizer, alive }));
      }
      return s;
    };
    return list
      .filter((op) => SUPPORTED_COST_OPS.has(op.type))
      .map((op) => {
        const inTensor = inputActivation(op);
        const inShape = shapeOf(inTensor);
        const input = side(inTensor?.op, Number(inShape[inShape.length - 1] ?? 0));
        const output = side(op, opSize(op));
        return { op, ...this.resource(op, input.alive, output.alive), input, output };
      });
  }

  /** Total cost with every dead channel removed (alive counts only). */
  getCost(ops?: readonly OpNode[]): number {
    return this.terms(ops).reduce((sum, t) => sum + t.cost, 0);
  }

  /** The differentiable surrogate of the cost, as a scalar tensor (caller disposes). */
  getRegularizationTerm(ops?: readonly OpNode[]): tf.Scalar {
    const terms = this.terms(ops);
    return tf.tidy(() => {
      const sums = new Map<OpRegularizer, tf.Scalar>();
      const sumOf = (r: OpRegularizer): tf.Scalar => {
        let s = sums.get(r);
        if (!s) sums.set(r, (s = tf.sum(r.regularizationVector()) as tf.Scalar));
        return s as tf.Scalar;
      };
      const parts: tf.Scalar[] = [];
      for (const t of terms) {
        if (t.input.regularizer && t.inCoeff !== 0)
          parts.push(tf.mul(sumOf(t.input.regularizer), t.inCoeff));
        if (t.output.regularizer && t.outCoeff !== 0)
          parts.push(tf.mul(sumOf(t.output.regularizer), t.outCoeff));
      }
      return parts.length === 0 ? tf.scalar(0) : (tf.addN(parts) as tf.Scalar);
    });
  }

  /** Per-op figures for every summed op (the CLI table and JSON). */
  opCosts(ops?: readonly OpNode[]): OpCost[] {
    const terms = this.terms(ops);
    const sum = (r: OpRegularizer | null): number =>
      r ? readScalar(() => tf.sum(r.regularizationVector())) : 0;
    return terms.map((t) => ({
      name: t.op.name,
      type: t.op.type,
      cost: t.cost,
      regularizationTerm:
        t.inCoeff * sum(t.input.regularizer) + t.outCoeff * sum(t.output.regularizer),
      aliveIn: t.input.alive,
      aliveOut: t.output.alive,
    }));
  }
}
