/** A TF-style static shape: activations include the batch dimension as `null`. */
export type TensorShape = readonly (number | null)[];

/** One input edge: output `index` of the producing op. */
export interface OpInput {
  readonly op: OpNode;
  readonly index: number;
}

/** Attributes MorphNet reads from an op; everything optional. */
export interface OpAttrs {
  /** Name of the description layer this op was expanded from. */
  readonly layer?: string;
  /** For `VariableV2` ops: the key of the variable holding the value (`<layer>/<param>`). */
  readonly variable?: string;
  /** For `Const` ops: the constant's values (row-major). */
  readonly value?: readonly number[];
  /** MatMul transposition flags (always false for graphs built from descriptions). */
  readonly transposeA?: boolean;
  readonly transposeB?: boolean;
}

/** One primitive op of the graph MorphNet analyses (a TF1-style node). */
export interface OpNode {
  /** `<layer name>/<TF op type or scope>`, e.g. `conv1/Conv2D`. */
  readonly name: string;
  /** TF op type, e.g. `Conv2D`, `FusedBatchNormV3`, `LogisticSigmoidGating`. */
  readonly type: string;
  readonly inputs: readonly OpInput[];
  /** Static shapes of the op's outputs (at least one). */
  readonly outputShapes: readonly TensorShape[];
  readonly attrs: OpAttrs;
}

/**
 * Channel count of an op (docs/morphnet.md §2.1): last dim of its first output, 0 for a
 * scalar or unknown dim; `SplitV` sums the last dims of all outputs.
 */
export function opSize(op: OpNode): number {
  const lastDim = (s: TensorShape | undefined): number =>
    s && s.length > 0 ? (s[s.length - 1] ?? 0) : 0;
  if (op.type === 'SplitV') return op.outputShapes.reduce((sum, s) => sum + lastDim(s), 0);
  return lastDim(op.outputShapes[0]);
}

/**
 * An immutable op graph: nodes in topological order, the ops producing the network outputs
 * and the input placeholders. Names are unique.
 */
export class OpGraph {
  private readonly byName = new Map<string, OpNode>();
  private readonly consumerMap = new Map<OpNode, OpNode[]>();

  constructor(
    readonly ops: readonly OpNode[],
    readonly outputs: readonly OpNode[],
    readonly inputs: readonly OpNode[] = ops.filter((o) => o.type === 'Placeholder'),
  ) {
    for (const op of ops) {
      if (this.byName.has(op.name)) throw new Error(`duplicate op name ${op.name}`);
      this.byName.set(op.name, op);
      this.consumerMap.set(op, []);
    }
    for (const op of ops) {
      for (const input of op.inputs) this.consumerMap.get(input.op)?.push(op);
    }
  }

  /** The op called `name`, or undefined. */
  find(name: string): OpNode | undefined {
    return this.byName.get(name);
  }

  /** Ops reading any output of `op` (one entry per input edge, in graph order). */
  consumers(op: OpNode): readonly OpNode[] {
    return this.consumerMap.get(op) ?? [];
  }
}
