import { getAlignedSizes } from '../manager/aligned-sizes';
import { MorphnetError } from '../errors';
import { opSize, type OpNode } from '../graph/op-graph';
import type { OpRegularizerManager } from '../manager/op-regularizer.manager';
import { groupWithNeighbours, outputNeighbours } from './grouping.handler';
import type { OpHandler } from './op-handler';

/**
 * `ConcatV2` (docs/morphnet.md §4.7). Along the channel axis the inputs act as one virtual input
 * laid end to end, so concat slice k joins the k-th input piece; along any other axis the inputs
 * share channels and behave as in the grouping handler.
 */
export class ConcatOpHandler implements OpHandler {
  readonly isSourceOp = false;
  readonly isPassthrough = true;

  assignGrouping(op: OpNode, mgr: OpRegularizerManager): void {
    const axisOp = op.inputs[op.inputs.length - 1]?.op;
    const axis = axisOp?.attrs.value?.[0] ?? -1;
    const rank = op.inputs[0]?.op.outputShapes[op.inputs[0].index]?.length ?? 0;
    if (axis !== -1 && axis !== rank - 1) {
      groupWithNeighbours(op, mgr);
      return;
    }
    const ins = mgr.inputOps(op);
    const covered = ins.reduce((sum, o) => sum + opSize(o), 0);
    if (covered !== opSize(op)) {
      // The reference fails here too (getAlignedSizes on differing totals); say why.
      throw new MorphnetError(
        'GROUPING_FAILED',
        `channel concat ${op.name}: its analysed inputs cover ${covered} of its ${opSize(op)} channels; ` +
          'an input behind the input boundary (or a constant) cannot feed a channel concat',
      );
    }
    const insToProcess = mgr.opsWithoutGroups(ins);
    const { outsToGroup, outsToProcess } = outputNeighbours(op, mgr);
    const virtualSizes = ins.flatMap((o) => mgr.sliceSizes(o));
    const aligned = getAlignedSizes([
      mgr.sliceSizes(op),
      virtualSizes,
      ...outsToGroup.map((o) => mgr.sliceSizes(o)),
    ]);
    mgr.resliceConcatOps(ins, aligned);
    mgr.resliceOps([...outsToGroup, op], aligned);
    const virtualInput = ins.flatMap((o) => mgr.getOpSlices(o));
    const outSlices = outsToGroup.map((o) => mgr.getOpSlices(o));
    mgr.groupAlignedInputOutputSlices(
      op,
      insToProcess,
      outsToProcess,
      [virtualInput],
      outSlices,
      aligned,
    );
  }
}
