import * as tf from '@tensorflow/tfjs-core';
import { MorphnetError } from '../errors';
import type { OpRegularizerManager } from '../manager/op-regularizer.manager';

/**
 * Op types whose alive counts are exported (docs/morphnet.md §8.1); MatMul and depthwise are not.
 */
export const EXPORTED_OP_TYPES: ReadonlySet<string> = new Set([
  'Conv2D',
  'Conv2DBackpropInput',
  'Conv3D',
]);

/**
 * Strips the first name's prefix up to and including its first `/` when every name shares
 * it; otherwise returns the names unchanged (docs/morphnet.md §8.1).
 */
export function removeCommonPrefix(names: readonly string[]): string[] {
  const first = names[0];
  const cut = first === undefined ? -1 : first.indexOf('/');
  if (first === undefined || cut < 0) return [...names];
  const prefix = first.slice(0, cut + 1);
  return names.every((n) => n.startsWith(prefix))
    ? names.map((n) => n.slice(prefix.length))
    : [...names];
}

/** Python `json.dumps(counts, indent=2, sort_keys=True)`: sorted keys, 2-space indent, ASCII. */
export function formatAliveCounts(counts: Readonly<Record<string, number>>): string {
  const keys = Object.keys(counts).sort();
  if (keys.length === 0) return '{}';
  const ascii = (s: string): string =>
    JSON.stringify(s).replace(
      /[\u007f-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  return `{\n${keys.map((k) => `  ${ascii(k)}: ${counts[k]}`).join(',\n')}\n}`;
}

/** Where the reference writes the counts of `step`: `<baseDir>/learned_structure/alive_<step>`. */
export function aliveCountsPath(baseDir: string, step: number): string {
  return `${baseDir.replace(/\/+$/, '')}/learned_structure/alive_${step}`;
}

/**
 * Collects the alive vectors of exported ops (Conv2D, conv2d_transpose, Conv3D with a
 * regularizer) and turns them into counts (docs/morphnet.md §8.1). No I/O: write
 * {@link formatAliveCounts} to {@link aliveCountsPath} yourself.
 */
export class StructureExporter {
  private readonly names: string[] = [];
  private readonly exportNames: string[];
  private values: Map<string, readonly boolean[]> | undefined;

  constructor(
    private readonly manager: OpRegularizerManager,
    removePrefix = false,
  ) {
    for (const op of manager.ops) {
      if (EXPORTED_OP_TYPES.has(op.type) && manager.getRegularizer(op)) this.names.push(op.name);
    }
    this.exportNames = removePrefix ? removeCommonPrefix(this.names) : [...this.names];
  }

  /** Export name → alive vector (bool tensor, caller disposes). */
  tensors(): Map<string, tf.Tensor1D> {
    const out = new Map<string, tf.Tensor1D>();
    this.names.forEach((name, i) => {
      const op = this.manager.ops.find((o) => o.name === name);
      const reg = op && this.manager.getRegularizer(op);
      if (reg) out.set(this.exportNames[i] as string, reg.aliveVector());
    });
    return out;
  }

  /** Stores evaluated alive vectors; keys must equal those of {@link tensors}. */
  populateTensorValues(values: ReadonlyMap<string, readonly boolean[]>): void {
    const expected = [...this.exportNames].sort().join('\n');
    if ([...values.keys()].sort().join('\n') !== expected) {
      throw new MorphnetError(
        'INVALID_ARGUMENT',
        'alive values must have exactly the exported op names as keys',
      );
    }
    this.values = new Map(values);
  }

  /** Evaluates {@link tensors} now and populates the values. */
  evaluate(): void {
    const tensors = this.tensors();
    const values = new Map<string, boolean[]>();
    for (const [name, t] of tensors) {
      values.set(
        name,
        Array.from(t.dataSync(), (v) => v !== 0),
      );
      t.dispose();
    }
    this.populateTensorValues(values);
  }

  /** `{op name: alive count}`; throws `NOT_READY` before values are populated. */
  getAliveCounts(): Record<string, number> {
    if (!this.values) throw new MorphnetError('NOT_READY', 'alive values were not populated');
    const counts: Record<string, number> = {};
    for (const [name, alive] of this.values) counts[name] = alive.filter(Boolean).length;
    return counts;
  }
}
