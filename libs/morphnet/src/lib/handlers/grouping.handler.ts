import type { OpNode } from '../graph/op-graph';
import type { OpRegularizerManager } from '../manager/op-regularizer.manager';
import type { OpHandler } from './op-handler';

/** `list` followed by the ops of `extra` it lacks. */
export const appendNew = (list: OpNode[], extra: readonly OpNode[]): OpNode[] => [
  ...list,
  ...extra.filter((o) => !list.includes(o)),
];

/**
 * The output side every handler starts from (docs/morphnet.md §4.1 steps 2–5): the op's same-size
 * passthrough outputs (to group with) and the outputs still to queue (other sizes, or ungrouped
 * ones).
 */
export function outputNeighbours(
  op: OpNode,
  mgr: OpRegularizerManager,
): { outsToGroup: OpNode[]; outsToProcess: OpNode[] } {
  const allOuts = mgr.outputOps(op);
  const outsNoGroup = mgr.opsWithoutGroups(allOuts);
  const [outsToGroup, outsOther] = mgr.separateSameSize(op, mgr.onlyPassthrough(allOuts));
  return { outsToGroup, outsToProcess: appendNew(outsOther, outsNoGroup) };
}

/**
 * The GroupingOpHandler algorithm (docs/morphnet.md §4.1): group channel i of the op with channel i
 * of its same-size inputs and passthrough outputs; defer while inputs are ungrouped.
 */
export function groupWithNeighbours(
  op: OpNode,
  mgr: OpRegularizerManager,
  groupingIndices?: readonly number[],
): void {
  const ins = mgr.inputOps(op, groupingIndices);
  const insNoGroup = mgr.opsWithoutGroups(ins);
  const { outsToGroup, outsToProcess } = outputNeighbours(op, mgr);
  const [insToGroup, insOther] = mgr.separateSameSize(op, ins);
  const insToProcess = appendNew(
    insOther.filter((o) => !mgr.isBroadcast(o)),
    insNoGroup,
  );
  const aligned = mgr.getAlignedOpSliceSizes(op, insToGroup, outsToGroup);
  mgr.resliceOps([op, ...insToGroup, ...outsToGroup], aligned);
  const inSlices = insToGroup.map((o) => mgr.getOpSlices(o));
  const outSlices = outsToGroup.map((o) => mgr.getOpSlices(o));
  mgr.groupAlignedInputOutputSlices(op, insToProcess, outsToProcess, inSlices, outSlices, aligned);
}

/**
 * Default handler for channel-preserving ops (element-wise, pooling, Mean, …): not a source,
 * passthrough. `groupingIndices` restricts the inputs considered (Resize ops: `[0]`).
 */
export class GroupingOpHandler implements OpHandler {
  readonly isSourceOp = false;
  readonly isPassthrough = true;

  constructor(private readonly groupingIndices?: readonly number[]) {}

  assignGrouping(op: OpNode, mgr: OpRegularizerManager): void {
    groupWithNeighbours(op, mgr, this.groupingIndices);
  }
}
