import { MorphnetError } from '../errors';
import { opSize, type OpNode } from '../graph/op-graph';
import type { TensorSource } from '../graph/tensor-source';
import type { OpRegularizerManager } from '../manager/op-regularizer.manager';
import type { OpSlice } from '../manager/op-slice';
import { GroupLassoRegularizer } from '../regularizers/group-lasso.regularizer';
import type { OpRegularizer } from '../regularizers/op-regularizer';
import type { OpHandler } from './op-handler';
import { groupWithOutputsOnly } from './output-non-passthrough.handler';
import { ensureSourceGroups, slicedGetter } from './source-slices';

/**
 * Norm axes and per-channel axis of an op's weights (input #1), by op type (docs/morphnet.md §4.6).
 */
function weightLayout(op: OpNode): { reduce: number[]; channel: number } {
  switch (op.type) {
    case 'Conv2D':
      return { reduce: [0, 1, 2], channel: 3 };
    case 'Conv3D':
      return { reduce: [0, 1, 2, 3], channel: 4 };
    case 'Conv2DBackpropInput':
      return { reduce: [0, 1, 3], channel: 2 };
    case 'MatMul':
      return op.attrs.transposeB ? { reduce: [1], channel: 0 } : { reduce: [0], channel: 1 };
    default:
      throw new MorphnetError(
        'INVALID_ARGUMENT',
        `no group-lasso weight layout for op type ${op.type}`,
      );
  }
}

/**
 * Conv / transposed conv / MatMul as group-lasso sources (docs/morphnet.md §4.6): source groups
 * first, then grouping with outputs only; regularizer over the weights of each output channel.
 */
export class GroupLassoSourceOpHandler implements OpHandler {
  readonly isSourceOp = true;
  readonly isPassthrough = false;

  constructor(
    private readonly tensors: TensorSource,
    private readonly threshold: number,
    private readonly l1Fraction = 0,
  ) {}

  assignGrouping(op: OpNode, mgr: OpRegularizerManager): void {
    ensureSourceGroups(op, mgr);
    groupWithOutputsOnly(op, mgr);
  }

  createRegularizer(slice: OpSlice): OpRegularizer {
    const { reduce, channel } = weightLayout(slice.op);
    const weights = slicedGetter(
      this.tensors,
      slice.op.inputs[1],
      slice,
      opSize(slice.op),
      channel,
    );
    return new GroupLassoRegularizer(weights, reduce, this.threshold, slice.size, this.l1Fraction);
  }
}
