import { describe, expect, it } from 'vitest';
import { npyBytes } from '../../test/fixtures';
import { parseNpy } from './npy';

describe('parseNpy', () => {
  it('reads uint8, float32 and int64 arrays in C order with their shape', () => {
    const u8 = parseNpy(npyBytes('|u1', [2, 3], Uint8Array.of(1, 2, 3, 4, 5, 6)));
    expect(u8).toEqual({ dtype: 'uint8', shape: [2, 3], data: Uint8Array.of(1, 2, 3, 4, 5, 6) });
    const f32 = parseNpy(npyBytes('<f4', [2], Float32Array.of(0.25, 1)));
    expect([f32.dtype, [...f32.data]]).toEqual(['float32', [0.25, 1]]);
    const i64 = parseNpy(npyBytes('<i8', [3], BigInt64Array.of(0n, 9n, 99n)));
    expect([i64.dtype, i64.shape, [...i64.data]]).toEqual(['int64', [3], [0, 9, 99]]);
  });

  it.each([
    [
      'a big-endian dtype',
      npyBytes('>f4', [1], Float32Array.of(1)),
      /dtype ">f4" is not supported/,
    ],
    ['float64', npyBytes('<f8', [1], new Float32Array(2)), /dtype "<f8" is not supported/],
    [
      'Fortran order',
      npyBytes('|u1', [2, 2], new Uint8Array(4), { fortran: true }),
      /Fortran order/,
    ],
    [
      'a short data block',
      npyBytes('|u1', [2, 3], new Uint8Array(5)),
      /needs 6 data bytes, the file has 5/,
    ],
    ['not .npy', Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), /bad magic/],
  ])('rejects %s, naming the file', (_what, bytes, message) => {
    expect(() => parseNpy(bytes, 'x_train.npy')).toThrow(message);
    expect(() => parseNpy(bytes, 'x_train.npy')).toThrow(/^x_train\.npy: /);
  });
});
