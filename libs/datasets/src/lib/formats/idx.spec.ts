import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseIdx } from './idx';

/** Encodes an unsigned-byte IDX file. */
function idx(shape: number[], data: Uint8Array, type = 0x08): Uint8Array {
  const header = new Uint8Array(4 + 4 * shape.length);
  const view = new DataView(header.buffer);
  header.set([0, 0, type, shape.length]);
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  return Uint8Array.from([...header, ...data]);
}

describe(parseIdx.name, () => {
  const images = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => i);

  it('decodes plain and gzipped files', () => {
    for (const bytes of [
      idx([2, 3, 4], images),
      new Uint8Array(gzipSync(idx([2, 3, 4], images))),
    ]) {
      const parsed = parseIdx(bytes);
      expect(parsed.shape).toEqual([2, 3, 4]);
      expect(Array.from(parsed.data)).toEqual(Array.from(images));
    }
  });

  it('rejects a bad magic number, a non-byte type and a wrong length', () => {
    expect(() => parseIdx(Uint8Array.from([1, 2, 3, 4, 5]), 'f')).toThrow(/bad magic/);
    expect(() => parseIdx(idx([2], Uint8Array.from([1, 2]), 0x0d), 'f')).toThrow(
      /element type 0xd/,
    );
    expect(() => parseIdx(idx([2, 3, 4], images.subarray(1)), 'f')).toThrow(
      expect.objectContaining({ code: 'DATASET_INVALID' }),
    );
  });
});
