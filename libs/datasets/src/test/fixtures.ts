import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A `.npy` file (version 1, C order) holding `data` with `descr` ('|u1', '<f4', '<i8', …). */
export function npyBytes(
  descr: string,
  shape: readonly number[],
  data: Uint8Array | Float32Array | BigInt64Array | Int32Array,
  options: { fortran?: boolean } = {},
): Uint8Array {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '${descr}', 'fortran_order': ${options.fortran ? 'True' : 'False'}, 'shape': (${dims}), }`;
  // NumPy pads the header with spaces and a newline to a multiple of 64 bytes.
  header = header.padEnd(Math.ceil((header.length + 11) / 64) * 64 - 11, ' ') + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}

/** An IDX file of unsigned bytes with `shape`. */
export function idxBytes(shape: readonly number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * shape.length + data.length);
  out.set([0, 0, 8, shape.length]);
  const view = new DataView(out.buffer);
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * shape.length);
  return out;
}

/** `count` deterministic images of `size` bytes: image i's byte p is (i * 7 + p) mod 256. */
export function patternImages(count: number, size: number): Uint8Array {
  return Uint8Array.from(
    { length: count * size },
    (_, k) => (Math.floor(k / size) * 7 + (k % size)) % 256,
  );
}

/** Writes `files` (relative path → bytes) under `dir`. */
export function writeTree(dir: string, files: Record<string, Uint8Array>): string {
  for (const [name, bytes] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), bytes);
  }
  return dir;
}
