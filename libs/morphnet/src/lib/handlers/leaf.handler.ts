import type { OpNode } from '../graph/op-graph';
import type { OpRegularizerManager } from '../manager/op-regularizer.manager';
import { outputNeighbours } from './grouping.handler';
import type { OpHandler } from './op-handler';

/**
 * Ops that cut the grouping chain (Reshape, Shape, RandomUniform, …; docs/morphnet.md §4.2): inputs
 * are ignored; the op groups with its same-size passthrough outputs once all outputs are grouped,
 * otherwise it takes a source-less group of its own and queues the outputs.
 */
export class LeafOpHandler implements OpHandler {
  readonly isSourceOp = false;
  readonly isPassthrough = false;

  assignGrouping(op: OpNode, mgr: OpRegularizerManager): void {
    const { outsToGroup, outsToProcess } = outputNeighbours(op, mgr);
    const aligned = mgr.getAlignedOpSliceSizes(op, [], outsToGroup);
    mgr.resliceOps([op, ...outsToGroup], aligned);
    if (outsToProcess.length === 0) {
      mgr.groupOpWithInputsAndOutputs(
        op,
        [],
        outsToGroup.map((o) => mgr.getOpSlices(o)),
        aligned,
      );
    } else {
      mgr.groupOpWithInputsAndOutputs(op, [], [], aligned);
      mgr.processOps(outsToProcess);
    }
  }
}
