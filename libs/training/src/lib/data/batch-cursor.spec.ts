import { describe, expect, it } from 'vitest';
import { BatchCursor } from './batch-cursor';

const take = (cursor: BatchCursor, n: number) =>
  Array.from({ length: n }, () => Array.from(cursor.next().indices));

describe(BatchCursor.name, () => {
  it('resumed from a JSON checkpoint, yields exactly the batches the original run would have', () => {
    const options = { datasetSize: 23, batchSize: 5, seed: 3 };
    const uninterrupted = take(BatchCursor.create(options), 14);
    for (const k of [0, 1, 4, 5, 9]) {
      const first = BatchCursor.create(options);
      const before = take(first, k);
      const checkpoint = JSON.parse(JSON.stringify(first.state()));
      const after = take(BatchCursor.restore(checkpoint, { datasetSize: 23 }), 14 - k);
      expect([...before, ...after]).toEqual(uninterrupted);
    }
  });

  it('visits every image once per epoch in a new order, dropping the remainder', () => {
    const cursor = BatchCursor.create({ datasetSize: 10, batchSize: 3, seed: 1 });
    expect(cursor.batchesPerEpoch).toBe(3);
    const epochs = [take(cursor, 3).flat(), take(cursor, 3).flat()];
    for (const seen of epochs) expect(new Set(seen).size).toBe(9);
    expect(epochs[0]).not.toEqual(epochs[1]);
    expect(cursor.state()).toMatchObject({ epoch: 1, offset: 9 });
  });

  it('keeps the last partial batch when asked, and can keep index order', () => {
    const cursor = BatchCursor.create({
      datasetSize: 7,
      batchSize: 3,
      seed: 0,
      shuffle: false,
      dropRemainder: false,
    });
    expect(take(cursor, 4)).toEqual([[0, 1, 2], [3, 4, 5], [6], [0, 1, 2]]);
  });

  it('refuses a state made for another dataset or a malformed one', () => {
    const state = BatchCursor.create({ datasetSize: 10, batchSize: 2, seed: 1 }).state();
    expect(() => BatchCursor.restore(state, { datasetSize: 11 })).toThrow(
      expect.objectContaining({ code: 'CURSOR_MISMATCH' }),
    );
    expect(() => BatchCursor.restore({ ...state, offset: -1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});
