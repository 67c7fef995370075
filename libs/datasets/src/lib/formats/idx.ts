import { gunzipSync } from 'node:zlib';
import { DatasetError } from '../datasets.error';

/** A decoded IDX array of unsigned bytes (the only IDX type the MNIST family uses). */
export interface IdxArray {
  readonly shape: readonly number[];
  readonly data: Uint8Array;
}

const UNSIGNED_BYTE = 0x08;

/**
 * Decodes an IDX file (LeCun's MNIST format), gzipped or not: magic `00 00 08 <ndims>`,
 * `ndims` big-endian uint32 sizes, then the bytes. Throws `DATASET_INVALID` (naming `source`)
 * on a bad magic number, an element type other than unsigned byte, or a length that does
 * not match the header.
 */
export function parseIdx(buffer: Uint8Array, source = 'IDX data'): IdxArray {
  const bytes =
    buffer[0] === 0x1f && buffer[1] === 0x8b ? new Uint8Array(gunzipSync(buffer)) : buffer;
  const fail = (why: string): never => {
    throw new DatasetError('DATASET_INVALID', `${source}: ${why}`);
  };
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0)
    fail('not an IDX file (bad magic number)');
  if (bytes[2] !== UNSIGNED_BYTE)
    fail(`unsupported IDX element type 0x${(bytes[2] ?? 0).toString(16)} (expected 0x08)`);
  const ndims = bytes[3] as number;
  const headerLength = 4 + 4 * ndims;
  if (ndims === 0 || bytes.length < headerLength) fail('truncated IDX header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape = Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i, false));
  const expected = shape.reduce((a, b) => a * b, 1);
  if (bytes.length - headerLength !== expected) {
    fail(
      `header promises ${expected} bytes for shape [${shape.join(', ')}], file holds ${bytes.length - headerLength}`,
    );
  }
  return { shape, data: bytes.subarray(headerLength) };
}
