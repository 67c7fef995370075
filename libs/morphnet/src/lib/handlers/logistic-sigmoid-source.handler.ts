import { opSize, type OpNode } from '../graph/op-graph';
import type { TensorSource } from '../graph/tensor-source';
import type { OpRegularizerManager } from '../manager/op-regularizer.manager';
import type { OpSlice } from '../manager/op-slice';
import type { OpRegularizer } from '../regularizers/op-regularizer';
import {
  ProbGatingRegularizer,
  type ProbGatingOptions,
} from '../regularizers/prob-gating.regularizer';
import { groupWithNeighbours } from './grouping.handler';
import type { OpHandler } from './op-handler';
import { ensureSourceGroups, slicedGetter } from './source-slices';

/**
 * The gate's `LogisticSigmoidGating` op as a FiGS source (docs/morphnet.md §4.5): logits = input
 * #0, mask = output #0 (the raw sample).
 */
export class LogisticSigmoidSourceOpHandler implements OpHandler {
  readonly isSourceOp = true;
  readonly isPassthrough = true;

  constructor(
    private readonly tensors: TensorSource,
    private readonly options: ProbGatingOptions = {},
  ) {}

  assignGrouping(op: OpNode, mgr: OpRegularizerManager): void {
    ensureSourceGroups(op, mgr);
    groupWithNeighbours(op, mgr);
  }

  createRegularizer(slice: OpSlice): OpRegularizer {
    const size = opSize(slice.op);
    const logits = slicedGetter(this.tensors, slice.op.inputs[0], slice, size);
    const mask = slicedGetter(this.tensors, { op: slice.op, index: 0 }, slice, size);
    return new ProbGatingRegularizer(logits, mask, slice.size, this.options);
  }
}
