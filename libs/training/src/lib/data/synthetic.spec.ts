import { describe, expect, it } from 'vitest';
import { makeSyntheticDataset } from './synthetic';
import { splitTrainValidation } from './split';
import type { ImageDataset } from './image-dataset';

// The images of an in-memory dataset (every dataset here is).
const bytesOf = (d: ImageDataset) => d.images as Uint8Array;

describe(makeSyntheticDataset.name, () => {
  it('is byte-for-byte deterministic per seed, and balanced', () => {
    const a = makeSyntheticDataset({ count: 200, seed: 5 });
    const b = makeSyntheticDataset({ count: 200, seed: 5 });
    const c = makeSyntheticDataset({ count: 200, seed: 6 });
    expect(Buffer.from(a.images).equals(Buffer.from(b.images))).toBe(true);
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(Buffer.from(a.images).equals(Buffer.from(c.images))).toBe(false);
    const counts = new Array<number>(10).fill(0);
    for (const label of a.labels) counts[label]! += 1;
    expect(counts).toEqual(new Array(10).fill(20));
  });
});

describe(splitTrainValidation.name, () => {
  it('splits disjointly and deterministically', () => {
    const data = makeSyntheticDataset({ count: 50, seed: 1, height: 4, width: 4 });
    const { train, validation } = splitTrainValidation(data, { validationFraction: 0.2, seed: 9 });
    expect([train.count, validation.count]).toEqual([40, 10]);
    const again = splitTrainValidation(data, { validationCount: 10, seed: 9 });
    expect(Buffer.from(bytesOf(again.validation)).equals(Buffer.from(bytesOf(validation)))).toBe(
      true,
    );
    // Every image lands on exactly one side: compare the multiset of images.
    const key = (d: ImageDataset, i: number) =>
      Buffer.from(bytesOf(d).subarray(i * 16, (i + 1) * 16)).toString('hex') + d.labels[i];
    const all = (d: ImageDataset) => Array.from({ length: d.count }, (_, i) => key(d, i));
    expect([...all(train), ...all(validation)].sort()).toEqual(all(data).sort());
    expect(() => splitTrainValidation(data, { validationCount: 50, seed: 1 })).toThrow(/non-empty/);
  });
});
