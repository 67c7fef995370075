import type { OpNode } from '../graph/op-graph';
import type { OpRegularizerManager } from '../manager/op-regularizer.manager';
import type { OpSlice } from '../manager/op-slice';
import type { OpRegularizer } from '../regularizers/op-regularizer';
import type { RegularizerDecorator } from '../regularizers/scaling.decorator';
import type { OpHandler } from './op-handler';

/**
 * Delegates to `inner`, wrapping every regularizer it creates with `decorate`
 * (docs/morphnet.md §4.9).
 */
export class OpHandlerDecorator implements OpHandler {
  readonly isSourceOp: boolean;
  readonly isPassthrough: boolean;

  constructor(
    private readonly inner: OpHandler,
    private readonly decorate: RegularizerDecorator,
  ) {
    this.isSourceOp = inner.isSourceOp;
    this.isPassthrough = inner.isPassthrough;
  }

  assignGrouping(op: OpNode, mgr: OpRegularizerManager): void {
    this.inner.assignGrouping(op, mgr);
  }

  createRegularizer(slice: OpSlice): OpRegularizer {
    if (!this.inner.createRegularizer)
      throw new Error(`handler of ${slice.op.type} creates no regularizer`);
    return this.decorate(this.inner.createRegularizer(slice));
  }
}
