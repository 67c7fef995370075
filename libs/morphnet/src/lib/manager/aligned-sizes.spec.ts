import { describe, expect, it } from 'vitest';
import { getAlignedSizes } from './aligned-sizes';

describe('getAlignedSizes (docs/morphnet.md §3.4)', () => {
  it.each([
    [
      [[5, 4, 2, 7], [9, 4, 5], [18]],
      [5, 4, 2, 2, 5],
    ],
    [
      [
        [1, 2, 3, 4, 5],
        [5, 4, 3, 2, 1],
      ],
      [1, 2, 2, 1, 3, 1, 2, 2, 1],
    ],
    [
      [[5], [1, 1, 1, 1, 1]],
      [1, 1, 1, 1, 1],
    ],
    [[[10]], [10]],
  ])('aligns %j', (lists, expected) => {
    expect(getAlignedSizes(lists)).toEqual(expected);
  });

  it('rejects an empty list and differing totals', () => {
    expect(() => getAlignedSizes([])).toThrow(/empty/);
    expect(() => getAlignedSizes([[1, 2], [4]])).toThrow(/same total/);
  });
});
