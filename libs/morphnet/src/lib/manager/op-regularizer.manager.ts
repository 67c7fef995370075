import { MorphnetError } from '../errors';
import { opSize, type OpGraph, type OpNode } from '../graph/op-graph';
import type { HandlerRegistry, OpHandler } from '../handlers/op-handler';
import { ConcatRegularizer } from '../regularizers/concat.regularizer';
import { ConstantOpRegularizer } from '../regularizers/constant.regularizer';
import {
  MaxGroupingRegularizer,
  type GroupingRegularizerFactory,
} from '../regularizers/grouping.regularizer';
import type { OpRegularizer } from '../regularizers/op-regularizer';
import { getAlignedSizes, sameSizes } from './aligned-sizes';
import { OpGroup, OpSliceTable, type OpSlice } from './op-slice';

/**
 * A non-fatal finding of the analysis, which the reference only logs. The one kind so far:
 * `POTENTIAL_OVER_REGULARIZATION` (docs/morphnet.md §3.7) — an op already grouped with some sources
 * is merged with an input whose group carries other sources, so one group's channels will be
 * regularized by several (unrelated) sources at once.
 */
export interface ManagerDiagnostic {
  readonly code: 'POTENTIAL_OVER_REGULARIZATION';
  /** The op being grouped with its inputs. */
  readonly op: string;
  /** Channels `[start, start + size)` of that op. */
  readonly start: number;
  readonly size: number;
  /** Source op names of the op's group and of the input groups it is merged with. */
  readonly opSources: readonly string[];
  readonly inputSources: readonly string[];
  readonly message: string;
}

/** Options of {@link OpRegularizerManager} (docs/morphnet.md §3). */
export interface OpRegularizerManagerOptions {
  readonly graph: OpGraph;
  /** Ops whose upstream is analysed (usually the logits). */
  readonly outputBoundary: readonly OpNode[];
  readonly handlers: HandlerRegistry;
  /** Combines ≥2 source regularizers of a group [Max]. */
  readonly createGroupingRegularizer?: GroupingRegularizerFactory;
  /** Regexes (substring search); the ops each one matches are merged into one group. */
  readonly forceGroup?: readonly string[];
  /** Regexes; groups with a member op matching any of them get no regularizer. */
  readonly regularizerBlacklist?: readonly string[];
  /** Ops at which the upstream search stops (not analysed, inputs not followed). */
  readonly inputBoundary?: readonly OpNode[];
  /** Maximum number of handler calls [1,000,000]. */
  readonly iterationLimit?: number;
  /** Called for each diagnostic as it is found (they are also kept in `diagnostics`). */
  readonly onDiagnostic?: (diagnostic: ManagerDiagnostic) => void;
}

/**
 * Walks the op graph, groups channels that must live or die together and assigns each group
 * a regularizer (docs/morphnet.md §3). Construction runs the whole analysis; throws
 * `ITERATION_LIMIT`, `GROUPING_FAILED`, `PATTERN_UNUSED` or `INVALID_ARGUMENT`.
 */
export class OpRegularizerManager {
  private allOps = new Set<OpNode>();
  private readonly queue: OpNode[] = [];
  private readonly opSlices = new Map<OpNode, OpSlice[]>();
  private readonly groupOf = new Map<OpSlice, OpGroup>();
  private readonly regularizerOf = new Map<OpSlice, OpRegularizer | null>();
  private readonly constants = new Map<OpSlice, OpRegularizer>();
  private readonly slices = new OpSliceTable();
  private readonly handlers: HandlerRegistry;
  private readonly graph: OpGraph;
  private readonly found: ManagerDiagnostic[] = [];
  private readonly onDiagnostic: ((d: ManagerDiagnostic) => void) | undefined;

  constructor(options: OpRegularizerManagerOptions) {
    this.graph = options.graph;
    this.handlers = options.handlers;
    this.onDiagnostic = options.onDiagnostic;
    this.collectOps(options.outputBoundary, new Set(options.inputBoundary ?? []));
    this.runQueue(options.iterationLimit ?? 1_000_000);
    if (options.forceGroup !== undefined)
      this.forceGroups(arrayOption(options.forceGroup, 'forceGroup'));
    const blacklist =
      options.regularizerBlacklist === undefined
        ? undefined
        : arrayOption(options.regularizerBlacklist, 'regularizerBlacklist');
    this.createRegularizers(
      options.createGroupingRegularizer ?? ((m) => new MaxGroupingRegularizer(m)),
      blacklist,
    );
    this.allOps = new Set(this.opSlices.keys());
  }

  /**
   * Ops touched by some handler — what cost calculators iterate by default (docs/morphnet.md §3.5).
   */
  get ops(): readonly OpNode[] {
    return [...this.allOps];
  }

  /** Non-fatal findings of the analysis, in the order found (the reference logs them). */
  get diagnostics(): readonly ManagerDiagnostic[] {
    return this.found;
  }

  /** The handler registered for an op's type. */
  handler(op: OpNode): OpHandler {
    return this.handlers.get(op.type);
  }

  private collectOps(outputs: readonly OpNode[], inputBoundary: ReadonlySet<OpNode>): void {
    const stack = [...outputs];
    const visited = new Set<OpNode>();
    while (stack.length > 0) {
      const op = stack.pop() as OpNode;
      visited.add(op);
      if (inputBoundary.has(op)) continue;
      this.allOps.add(op);
      if (this.handler(op).isSourceOp) this.processOps([op]);
      for (const input of op.inputs) if (!visited.has(input.op)) stack.push(input.op);
    }
  }

  private runQueue(limit: number): void {
    let iterations = 0;
    while (this.queue.length > 0) {
      if (iterations >= limit) {
        const names = this.queue.map((o) => o.name).join(', ');
        throw new MorphnetError(
          'ITERATION_LIMIT',
          `could not handle ops within ${limit} iterations: ${names}`,
        );
      }
      const op = this.queue.pop() as OpNode;
      this.handler(op).assignGrouping(op, this);
      iterations++;
    }
  }

  /** Queues ops (those analysed and not yet queued) to be handled next (LIFO). */
  processOps(ops: readonly OpNode[]): void {
    for (const op of ops) if (this.allOps.has(op) && !this.queue.includes(op)) this.queue.push(op);
  }

  /** Queues ops not yet queued to be handled after everything else (handlers defer with it). */
  processOpsLast(ops: readonly OpNode[]): void {
    for (const op of ops) if (!this.queue.includes(op)) this.queue.unshift(op);
  }

  /** The op's slices, created lazily as one slice of the whole op (none if size 0). */
  getOpSlices(op: OpNode): readonly OpSlice[] {
    let list = this.opSlices.get(op);
    if (!list) {
      const size = opSize(op);
      list = size > 0 ? [this.slices.get(op, 0, size)] : [];
      this.opSlices.set(op, list);
    }
    return list;
  }

  /** The slice sizes of an op. */
  sliceSizes(op: OpNode): number[] {
    return this.getOpSlices(op).map((s) => s.size);
  }

  /** The group a slice belongs to, if any. */
  getOpGroup(slice: OpSlice): OpGroup | undefined {
    return this.groupOf.get(slice);
  }

  /**
   * Merges the groups of the given slices, creating groups for ungrouped ones
   * (docs/morphnet.md §3.4).
   */
  groupOpSlices(slices: readonly OpSlice[], omitSources: readonly OpSlice[] = []): void {
    const groups: OpGroup[] = [];
    const fresh: OpGroup[] = [];
    for (const s of slices) {
      const g = this.groupOf.get(s);
      if (g) {
        if (!groups.includes(g)) groups.push(g);
      } else if (!fresh.some((f) => f.members[0] === s)) {
        fresh.push(new OpGroup([s], this.handler(s.op).isSourceOp ? [s] : []));
      }
    }
    const merged = OpGroup.merge([...groups, ...fresh], omitSources);
    for (const m of merged.members) this.groupOf.set(m, merged);
  }

  /**
   * Splits an op's slices into `sizes`, splitting every slice grouped with them alike
   * (docs/morphnet.md §3.4).
   */
  sliceOp(op: OpNode, sizes: readonly number[]): void {
    const old = [...this.getOpSlices(op)];
    const aligned = getAlignedSizes([old.map((s) => s.size), sizes]);
    if (!sameSizes(aligned, sizes)) {
      throw new MorphnetError(
        'GROUPING_FAILED',
        `sizes [${sizes.join(',')}] do not refine the slices of ${op.name}`,
      );
    }
    let cursor = 0;
    for (const slice of old) {
      const pieces: number[] = [];
      for (let sum = 0; sum < slice.size; cursor++) {
        pieces.push(sizes[cursor] as number);
        sum += sizes[cursor] as number;
      }
      if (pieces.length > 1) this.splitGroup(slice, pieces);
    }
  }

  private splitGroup(slice: OpSlice, pieces: readonly number[]): void {
    const group = this.groupOf.get(slice);
    const members = group ? group.members : [slice];
    const split = members.map((m) =>
      this.splitSlice(m, pieces, group?.sources.includes(m) ?? false),
    );
    if (!group) return;
    for (let j = 0; j < pieces.length; j++) this.groupOpSlices(split.map((p) => p[j] as OpSlice));
  }

  private splitSlice(slice: OpSlice, pieces: readonly number[], isSource: boolean): OpSlice[] {
    const list = this.opSlices.get(slice.op) as OpSlice[];
    let start = slice.start;
    const parts = pieces.map((size) => {
      const part = this.slices.get(slice.op, start, size);
      start += size;
      // A piece of a source slice starts as a fresh source group of its own.
      if (isSource) this.groupOf.set(part, new OpGroup([part], [part]));
      return part;
    });
    list.splice(list.indexOf(slice), 1, ...parts);
    this.groupOf.delete(slice);
    return parts;
  }

  /** Aligned sizes of an op's slices together with those of its inputs and outputs. */
  getAlignedOpSliceSizes(
    op: OpNode,
    inputs: readonly OpNode[],
    outputs: readonly OpNode[],
  ): number[] {
    return getAlignedSizes([...inputs, ...outputs, op].map((o) => this.sliceSizes(o)));
  }

  /** Re-slices every op (with slices) whose sizes differ from `aligned`. */
  resliceOps(ops: readonly OpNode[], aligned: readonly number[]): void {
    for (const op of ops) {
      const sizes = this.sliceSizes(op);
      if (sizes.length > 0 && !sameSizes(sizes, aligned)) this.sliceOp(op, aligned);
    }
  }

  /** Re-slices the inputs of a channel concat, laid end to end, along `aligned`. */
  resliceConcatOps(inputs: readonly OpNode[], aligned: readonly number[]): void {
    let cursor = 0;
    for (const op of inputs) {
      const sizes = this.sliceSizes(op);
      if (sameSizes(sizes, aligned.slice(cursor, cursor + sizes.length))) {
        cursor += sizes.length;
        continue;
      }
      const run: number[] = [];
      let sum = 0;
      while (sum < opSize(op)) {
        const s = aligned[cursor++];
        if (s === undefined) break;
        run.push(s);
        sum += s;
      }
      if (sum !== opSize(op))
        throw new MorphnetError(
          'GROUPING_FAILED',
          `cannot slice concat input ${op.name} along [${aligned.join(',')}]`,
        );
      this.sliceOp(op, run);
    }
  }

  /** Groups op slice i with input slices i and output slices i (docs/morphnet.md §3.4). */
  groupOpWithInputsAndOutputs(
    op: OpNode,
    inputSlices: readonly (readonly OpSlice[])[],
    outputSlices: readonly (readonly OpSlice[])[],
    aligned: readonly number[],
  ): void {
    const own = this.getOpSlices(op);
    for (let i = 0; i < aligned.length; i++) {
      const slice = own[i] as OpSlice;
      const ins = inputSlices.map((l) => l[i] as OpSlice);
      const outs = outputSlices.map((l) => l[i] as OpSlice);
      if (!this.groupOf.has(slice)) {
        this.groupOpSlices([slice, ...ins, ...outs]);
        continue;
      }
      if (outs.some((s) => this.groupOf.get(s) !== this.groupOf.get(slice)))
        this.groupOpSlices([slice, ...outs]);
      const group = this.groupOf.get(slice) as OpGroup;
      const other = [...new Set(ins.map((s) => this.groupOf.get(s)).filter((g) => g !== group))];
      if (other.length === 0) continue;
      const inputSources = other.flatMap((g) => g?.sources ?? []);
      if (group.sources.length > 0 && inputSources.length > 0)
        this.overRegularization(slice, group.sources, inputSources);
      this.groupOpSlices([slice, ...ins]);
    }
  }

  private overRegularization(
    slice: OpSlice,
    opSources: readonly OpSlice[],
    inputSources: readonly OpSlice[],
  ): void {
    const names = (list: readonly OpSlice[]): string[] => [...new Set(list.map((s) => s.op.name))];
    const diagnostic: ManagerDiagnostic = {
      code: 'POTENTIAL_OVER_REGULARIZATION',
      op: slice.op.name,
      start: slice.start,
      size: slice.size,
      opSources: names(opSources),
      inputSources: names(inputSources),
      message:
        `potential over-regularization near ${slice.op.name} [${slice.start}, ${slice.start + slice.size}): ` +
        `its group (sources ${names(opSources).join(', ')}) merges with an input group (sources ${names(inputSources).join(', ')})`,
    };
    this.found.push(diagnostic);
    this.onDiagnostic?.(diagnostic);
  }

  /**
   * Groups once no input is pending; otherwise queues neighbours and defers the op
   * (docs/morphnet.md §3.4).
   */
  groupAlignedInputOutputSlices(
    op: OpNode,
    inputsToProcess: readonly OpNode[],
    outputsToProcess: readonly OpNode[],
    inputSlices: readonly (readonly OpSlice[])[],
    outputSlices: readonly (readonly OpSlice[])[],
    aligned: readonly number[],
  ): void {
    if (inputsToProcess.length === 0 && outputsToProcess.length === 0) {
      this.groupOpWithInputsAndOutputs(op, inputSlices, outputSlices, aligned);
    } else if (inputsToProcess.length === 0) {
      this.groupOpWithInputsAndOutputs(op, inputSlices, [], aligned);
      this.processOps(outputsToProcess);
    } else {
      this.processOps([...outputsToProcess, ...inputsToProcess]);
      this.processOpsLast([op]);
    }
  }

  /** Analysed producers of the op's inputs, minus weights, constants and non-whitelisted ones. */
  inputOps(op: OpNode, whitelist?: readonly number[]): OpNode[] {
    if (op.type.includes('GumbelPrefix')) return [];
    return op.inputs
      .filter(
        (input, i) =>
          (!whitelist || whitelist.includes(i)) && !(i === 1 && WEIGHT_INPUT_TYPES.has(op.type)),
      )
      .map((input) => input.op)
      .filter((producer) => producer.type !== 'Const' && this.allOps.has(producer));
  }

  /** Analysed consumers of the op, de-duplicated. */
  outputOps(op: OpNode): OpNode[] {
    return [...new Set(this.graph.consumers(op))].filter((c) => this.allOps.has(c));
  }

  /** Ops with at least one ungrouped slice. */
  opsWithoutGroups(ops: readonly OpNode[]): OpNode[] {
    return ops.filter((op) => this.getOpSlices(op).some((s) => !this.groupOf.has(s)));
  }

  /** Ops whose handler is passthrough. */
  onlyPassthrough(ops: readonly OpNode[]): OpNode[] {
    return ops.filter((op) => this.handler(op).isPassthrough);
  }

  /** (ops of the same size as `ref`, ops of another non-zero size). */
  separateSameSize(ref: OpNode, ops: readonly OpNode[]): [OpNode[], OpNode[]] {
    const size = opSize(ref);
    return [
      ops.filter((o) => opSize(o) === size),
      ops.filter((o) => opSize(o) !== size && opSize(o) > 0),
    ];
  }

  /** A size-1 op with every slice grouped (treated as a broadcast operand). */
  isBroadcast(op: OpNode): boolean {
    return opSize(op) === 1 && this.getOpSlices(op).every((s) => this.groupOf.has(s));
  }

  private forceGroups(patterns: readonly string[]): void {
    for (const pattern of patterns) {
      const re = new RegExp(pattern);
      const ops = [...this.opSlices.keys()].filter((op) => re.test(op.name));
      if (ops.length === 0)
        throw new MorphnetError('PATTERN_UNUSED', `forceGroup pattern "${pattern}" matched no op`);
      if (ops.some((op) => this.sliceSizes(op).length > 1)) {
        throw new MorphnetError(
          'GROUPING_FAILED',
          `forceGroup "${pattern}" matched an op with more than one slice`,
        );
      }
      if (new Set(ops.map(opSize)).size > 1)
        throw new MorphnetError(
          'GROUPING_FAILED',
          `forceGroup "${pattern}" matched ops of different sizes`,
        );
      this.groupOpSlices(ops.flatMap((op) => this.getOpSlices(op)));
    }
  }

  private createRegularizers(
    combine: GroupingRegularizerFactory,
    blacklist: readonly string[] | undefined,
  ): void {
    const re = blacklist && blacklist.length > 0 ? new RegExp(blacklist.join('|')) : undefined;
    let blacklistUsed = false;
    for (const group of new Set(this.groupOf.values())) {
      let regularizer: OpRegularizer | null = null;
      if (re && group.members.some((m) => re.test(m.op.name))) {
        blacklistUsed = true;
      } else {
        const sources = group.sources.map((s) => this.createSourceRegularizer(s));
        regularizer =
          sources.length === 0
            ? null
            : sources.length === 1
              ? (sources[0] as OpRegularizer)
              : combine(sources);
      }
      for (const m of group.members) this.regularizerOf.set(m, regularizer);
    }
    if (re && !blacklistUsed)
      throw new MorphnetError(
        'PATTERN_UNUSED',
        `regularizer blacklist ${re.source} was never used`,
      );
  }

  private createSourceRegularizer(slice: OpSlice): OpRegularizer {
    const handler = this.handler(slice.op);
    if (!handler.createRegularizer)
      throw new MorphnetError(
        'INVALID_ARGUMENT',
        `source op ${slice.op.name} cannot create a regularizer`,
      );
    return handler.createRegularizer(slice);
  }

  /**
   * The op's regularizer (docs/morphnet.md §3.6): null when no slice has one; otherwise the slices'
   * regularizers concatenated, unregularized slices filled by constant (all-alive) ones.
   */
  getRegularizer(op: OpNode): OpRegularizer | null {
    const slices = this.getOpSlices(op);
    if (!slices.some((s) => this.regularizerOf.get(s))) return null;
    const parts = slices.map((s) => {
      const own = this.regularizerOf.get(s);
      if (own) return own;
      let constant = this.constants.get(s);
      if (!constant) this.constants.set(s, (constant = new ConstantOpRegularizer(s.size)));
      return constant;
    });
    return parts.length === 1 ? (parts[0] as OpRegularizer) : new ConcatRegularizer(parts);
  }
}

const WEIGHT_INPUT_TYPES = new Set([
  'Conv2D',
  'Conv2DBackpropInput',
  'DepthwiseConv2dNative',
  'MatMul',
]);

function arrayOption(value: unknown, what: string): readonly string[] {
  if (!Array.isArray(value))
    throw new MorphnetError('INVALID_ARGUMENT', `${what} must be an array of regex strings`);
  return value as string[];
}
