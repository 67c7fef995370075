import { opSize, type OpNode } from '../graph/op-graph';
import type { TensorSource } from '../graph/tensor-source';
import type { OpRegularizerManager } from '../manager/op-regularizer.manager';
import type { OpSlice } from '../manager/op-slice';
import { GammaL1Regularizer } from '../regularizers/gamma-l1.regularizer';
import type { OpRegularizer } from '../regularizers/op-regularizer';
import { groupWithNeighbours } from './grouping.handler';
import type { OpHandler } from './op-handler';
import { ensureSourceGroups, slicedGetter } from './source-slices';

/** Fused batch norm as a Gamma source (docs/morphnet.md §4.4): GammaL1 on gamma (input #1). */
export class BatchNormSourceOpHandler implements OpHandler {
  readonly isSourceOp = true;
  readonly isPassthrough = true;

  constructor(
    private readonly tensors: TensorSource,
    private readonly gammaThreshold: number,
  ) {}

  assignGrouping(op: OpNode, mgr: OpRegularizerManager): void {
    ensureSourceGroups(op, mgr);
    groupWithNeighbours(op, mgr);
  }

  createRegularizer(slice: OpSlice): OpRegularizer {
    const gamma = slicedGetter(this.tensors, slice.op.inputs[1], slice, opSize(slice.op));
    return new GammaL1Regularizer(gamma, this.gammaThreshold, slice.size);
  }
}
