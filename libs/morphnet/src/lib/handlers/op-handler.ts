import type { OpNode } from '../graph/op-graph';
import type { OpRegularizerManager } from '../manager/op-regularizer.manager';
import type { OpSlice } from '../manager/op-slice';
import type { OpRegularizer } from '../regularizers/op-regularizer';

/**
 * How one op type takes part in grouping (docs/morphnet.md §4). `isPassthrough`: a neighbour may
 * merge its channels with this op's. Sources must implement `createRegularizer`.
 */
export interface OpHandler {
  readonly isSourceOp: boolean;
  readonly isPassthrough: boolean;
  /** Groups the op's slices with its neighbours' or queues neighbours/itself for later. */
  assignGrouping(op: OpNode, manager: OpRegularizerManager): void;
  /** For sources: the regularizer of one slice of the op. */
  createRegularizer?(slice: OpSlice): OpRegularizer;
}

/** Op type → handler, with a fallback for unknown types. */
export class HandlerRegistry {
  private readonly byType: Map<string, OpHandler>;

  constructor(
    entries: Iterable<readonly [string, OpHandler]>,
    readonly fallback: OpHandler,
  ) {
    this.byType = new Map(entries);
  }

  /** The handler of an op type (the fallback when unregistered). */
  get(type: string): OpHandler {
    return this.byType.get(type) ?? this.fallback;
  }

  /** A copy with some types (re)assigned. */
  with(entries: Iterable<readonly [string, OpHandler]>): HandlerRegistry {
    return new HandlerRegistry([...this.byType, ...entries], this.fallback);
  }

  /** Every registered (type, handler) pair. */
  entries(): IterableIterator<[string, OpHandler]> {
    return this.byType.entries();
  }
}
