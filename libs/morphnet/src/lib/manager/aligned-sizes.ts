import { MorphnetError } from '../errors';

/**
 * Smallest common refinement of several partitions of the same total (docs/morphnet.md §3.4), e.g.
 * `[[5,4,2,7],[9,4,5],[18]] → [5,4,2,2,5]`. Throws `GROUPING_FAILED` for an empty list or
 * differing totals.
 */
export function getAlignedSizes(sizeLists: readonly (readonly number[])[]): number[] {
  if (sizeLists.length === 0)
    throw new MorphnetError('GROUPING_FAILED', 'cannot align an empty list of size lists');
  const total = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
  const expected = total(sizeLists[0] as number[]);
  if (sizeLists.some((xs) => total(xs) !== expected)) {
    throw new MorphnetError(
      'GROUPING_FAILED',
      `sizes do not sum to the same total: ${JSON.stringify(sizeLists)}`,
    );
  }
  const lists = sizeLists.map((xs) => [...xs]);
  const maxLength = (): number => Math.max(...lists.map((xs) => xs.length));
  for (let i = 0; i < maxLength(); i++) {
    const m = Math.min(...lists.map((xs) => xs[i] ?? Infinity));
    for (const xs of lists) {
      const v = xs[i] as number;
      if (v !== m) xs.splice(i, 1, m, v - m);
    }
  }
  return lists[0] as number[];
}

/** True when two size lists are element-wise equal. */
export function sameSizes(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
