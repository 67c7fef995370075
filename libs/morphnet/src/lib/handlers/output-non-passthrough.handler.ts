import type { OpNode } from '../graph/op-graph';
import type { OpRegularizerManager } from '../manager/op-regularizer.manager';
import { outputNeighbours } from './grouping.handler';
import type { OpHandler } from './op-handler';

/**
 * The OutputNonPassthrough algorithm (docs/morphnet.md §4.3): the op's channels join its same-size
 * passthrough outputs only, never its inputs; ungrouped neighbours are queued.
 */
export function groupWithOutputsOnly(op: OpNode, mgr: OpRegularizerManager): void {
  const insToProcess = mgr.opsWithoutGroups(mgr.inputOps(op));
  const { outsToGroup, outsToProcess } = outputNeighbours(op, mgr);
  const aligned = mgr.getAlignedOpSliceSizes(op, [], outsToGroup);
  mgr.resliceOps([op, ...outsToGroup], aligned);
  mgr.groupOpWithInputsAndOutputs(
    op,
    [],
    outsToGroup.map((o) => mgr.getOpSlices(o)),
    aligned,
  );
  mgr.processOps([...outsToProcess, ...insToProcess]);
}

/** Ops whose output channels are tied to their outputs only (convs in Gamma/FiGS, Transpose). */
export class OutputNonPassthroughOpHandler implements OpHandler {
  readonly isSourceOp = false;
  readonly isPassthrough = false;

  assignGrouping(op: OpNode, mgr: OpRegularizerManager): void {
    groupWithOutputsOnly(op, mgr);
  }
}
