import { opSize, type OpNode } from '../graph/op-graph';
import type { OpRegularizerManager } from '../manager/op-regularizer.manager';
import type { OpSlice } from '../manager/op-slice';
import { groupWithNeighbours, outputNeighbours } from './grouping.handler';
import type { OpHandler } from './op-handler';

/**
 * `DepthwiseConv2dNative` (docs/morphnet.md §4.8). Depth multiplier M = last filter dim; output
 * channel k comes from input channel ⌊k/M⌋. M = 1 behaves like the grouping handler; M > 1 reslices
 * input and output into single channels and groups output k with input ⌊k/M⌋.
 */
export class DepthwiseConvolutionOpHandler implements OpHandler {
  readonly isSourceOp = false;
  readonly isPassthrough = true;

  assignGrouping(op: OpNode, mgr: OpRegularizerManager): void {
    const filter = op.inputs[1];
    const filterShape = filter?.op.outputShapes[filter.index] ?? [];
    const multiplier = Number(filterShape[filterShape.length - 1] ?? 1);
    if (multiplier === 1) {
      groupWithNeighbours(op, mgr);
      return;
    }
    const ins = mgr.inputOps(op);
    const insToProcess = mgr.opsWithoutGroups(ins);
    const { outsToGroup, outsToProcess } = outputNeighbours(op, mgr);
    const input = ins[0];
    const ones = (n: number): number[] => new Array<number>(n).fill(1);
    if (input) mgr.resliceOps([input], ones(opSize(input)));
    const aligned = ones(opSize(op));
    mgr.resliceOps([op, ...outsToGroup], aligned);
    const inputSlices: OpSlice[][] = [];
    if (input)
      inputSlices.push(
        mgr.getOpSlices(input).flatMap((s) => new Array<OpSlice>(multiplier).fill(s)),
      );
    const outSlices = outsToGroup.map((o) => mgr.getOpSlices(o));
    mgr.groupAlignedInputOutputSlices(
      op,
      insToProcess,
      outsToProcess,
      inputSlices,
      outSlices,
      aligned,
    );
  }
}
