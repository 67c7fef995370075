import { describe, expect, it } from 'vitest';
import { CHECKPOINT_MAGIC, decodeCheckpoint, encodeCheckpoint } from './checkpoint.codec';

describe('checkpoint codec', () => {
  const tensors = [
    {
      name: 'a',
      shape: [2, 2],
      values: new Float32Array([1.5, -0, Number.NaN, 3.4028234663852886e38]),
    },
    { name: 'b', shape: [3], values: new Float32Array([1e-45, -7, 0.1]) },
    { name: 'empty', shape: [0], values: new Float32Array(0) },
  ];

  it('round-trips metadata and float32 values bit for bit', () => {
    const bytes = encodeCheckpoint({ meta: { step: 12, note: 'é' }, tensors });
    expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe(CHECKPOINT_MAGIC);
    const decoded = decodeCheckpoint<{ step: number; note: string }>(bytes);
    expect(decoded.meta).toEqual({ step: 12, note: 'é' });
    expect(decoded.tensors.map((t) => [t.name, t.shape])).toEqual([
      ['a', [2, 2]],
      ['b', [3]],
      ['empty', [0]],
    ]);
    tensors.forEach((t, i) => {
      const bits = (v: Float32Array) => Array.from(new Uint32Array(v.buffer.slice(0)));
      expect(bits(decoded.tensors[i]?.values ?? new Float32Array())).toEqual(bits(t.values));
    });
    // Header padded to 4 bytes, then 4 bytes per value.
    const headerLength = new DataView(bytes.buffer).getUint32(8, true);
    expect(bytes.length).toBe(((12 + headerLength + 3) & ~3) + 7 * 4);
  });

  it('rejects other bytes, truncation and a shape that does not match the values', () => {
    expect(() => decodeCheckpoint(new TextEncoder().encode('not a checkpoint'))).toThrow(
      expect.objectContaining({ code: 'CHECKPOINT_INVALID' }),
    );
    const bytes = encodeCheckpoint({ meta: {}, tensors });
    expect(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 4))).toThrow(/outside the data/);
    expect(() =>
      encodeCheckpoint({
        meta: {},
        tensors: [{ name: 'x', shape: [2], values: new Float32Array(3) }],
      }),
    ).toThrow(/has 2 values, got 3/);
  });
});
