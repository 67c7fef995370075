import * as tf from '@tensorflow/tfjs-core';
import type { OpInput, OpNode } from '../graph/op-graph';
import type { TensorSource } from '../graph/tensor-source';
import type { OpRegularizerManager } from '../manager/op-regularizer.manager';
import type { OpSlice } from '../manager/op-slice';
import type { TensorGetter } from '../regularizers/op-regularizer';

/** Gives every ungrouped slice of a source op a group of its own, with itself as source. */
export function ensureSourceGroups(op: OpNode, mgr: OpRegularizerManager): void {
  for (const slice of mgr.getOpSlices(op)) if (!mgr.getOpGroup(slice)) mgr.groupOpSlices([slice]);
}

/**
 * A getter for the tensor on `input`, sliced to the slice's channels along `axis` when the
 * slice does not cover the whole op.
 */
export function slicedGetter(
  tensors: TensorSource,
  input: OpInput | undefined,
  slice: OpSlice,
  opSize: number,
  axis = -1,
): TensorGetter {
  if (!input) throw new Error(`op ${slice.op.name} lacks an input its handler needs`);
  const whole = slice.start === 0 && slice.size === opSize;
  return () => {
    const t = tensors.tensor(input.op, input.index);
    if (whole) return t;
    const a = axis < 0 ? t.rank + axis : axis;
    const begin = t.shape.map((_, i) => (i === a ? slice.start : 0));
    const size = t.shape.map((d, i) => (i === a ? slice.size : d));
    return tf.slice(t, begin, size);
  };
}
