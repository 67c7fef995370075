import type { OpNode } from '../graph/op-graph';

/**
 * A contiguous run of channels `[start, start+size)` of one op (docs/morphnet.md §3.1). Instances
 * are interned by {@link OpSliceTable}, so identity equals value equality and slices can key maps.
 */
export interface OpSlice {
  readonly op: OpNode;
  readonly start: number;
  readonly size: number;
}

/** Interns op slices so that equal (op, start, size) triples are one object. */
export class OpSliceTable {
  private readonly table = new Map<OpNode, Map<string, OpSlice>>();

  get(op: OpNode, start: number, size: number): OpSlice {
    let perOp = this.table.get(op);
    if (!perOp) this.table.set(op, (perOp = new Map()));
    const key = `${start}:${size}`;
    let slice = perOp.get(key);
    if (!slice) perOp.set(key, (slice = { op, start, size }));
    return slice;
  }
}

let nextGroupIndex = 0;

/**
 * Channels that live or die together (docs/morphnet.md §3.1); `sources` ⊆ `members` carry
 * regularizers.
 */
export class OpGroup {
  /** Unique, increasing id; identity and debugging only. */
  readonly index = nextGroupIndex++;

  constructor(
    readonly members: readonly OpSlice[],
    readonly sources: readonly OpSlice[],
  ) {}

  /** Union of the groups' members and sources (first-seen order), minus `omitSources`. */
  static merge(groups: readonly OpGroup[], omitSources: readonly OpSlice[] = []): OpGroup {
    const members = new Set<OpSlice>();
    const sources = new Set<OpSlice>();
    for (const g of groups) {
      g.members.forEach((m) => members.add(m));
      g.sources.forEach((s) => sources.add(s));
    }
    omitSources.forEach((s) => sources.delete(s));
    return new OpGroup([...members], [...sources]);
  }
}
