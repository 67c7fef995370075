import type { OpInput, OpNode, TensorShape } from '../graph/op-graph';

/** Op types the cost calculator sums (docs/morphnet.md §6.1); all others contribute nothing. */
export const SUPPORTED_COST_OPS: ReadonlySet<string> = new Set([
  'Conv2D',
  'Conv2DBackpropInput',
  'DepthwiseConv2dNative',
  'Conv3D',
  'MatMul',
  'Add',
  'AddV2',
  'AddN',
  'ConcatV2',
  'FusedBatchNorm',
  'FusedBatchNormV2',
  'FusedBatchNormV3',
  'Mul',
  'Relu',
  'Relu6',
  'Sum',
]);

/** Ops with FLOPs (docs/morphnet.md §6.2). */
export const FLOP_OPS: ReadonlySet<string> = new Set([
  'Conv2D',
  'Conv2DBackpropInput',
  'DepthwiseConv2dNative',
  'Conv3D',
  'MatMul',
]);

/** Types whose input #1 is the weight tensor. */
export const WEIGHT_INPUT_OPS: ReadonlySet<string> = new Set([
  'Conv2D',
  'Conv2DBackpropInput',
  'DepthwiseConv2dNative',
  'MatMul',
]);

export const product = (xs: readonly (number | null)[]): number =>
  xs.reduce<number>((a, b) => a * (b ?? 1), 1);

/**
 * The tensor whose channels are the op's "input" side (docs/morphnet.md §6.1): #2 for transposed
 * conv, the output for concat.
 */
export function inputActivation(op: OpNode): OpInput | undefined {
  if (op.type === 'ConcatV2') return { op, index: 0 };
  if (op.type === 'Conv2DBackpropInput') return op.inputs[2];
  return op.inputs[0];
}

export function shapeOf(input: OpInput | undefined): TensorShape {
  return input?.op.outputShapes[input.index] ?? [];
}

/** Product of an activation's dims excluding batch and channels (H·W). */
export function spatialSize(shape: TensorShape): number {
  return product(shape.slice(1, -1));
}

/** Product of the filter dims excluding the last two (kh·kw). */
export function kernelArea(op: OpNode): number {
  return product(shapeOf(op.inputs[1]).slice(0, -2));
}
