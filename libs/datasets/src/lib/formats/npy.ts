import { DatasetError } from '../datasets.error';

/** Element types a `.npy` array may have here: images uint8/float32, labels uint8/int32/int64. */
export type NpyDtype = 'uint8' | 'float32' | 'int32' | 'int64';

/** A decoded `.npy` array: C-order values as numbers, by element type. */
export interface NpyArray {
  readonly dtype: NpyDtype;
  readonly shape: readonly number[];
  /** The values; int64 are read as numbers (exact below 2^53). */
  readonly data: Uint8Array | Float32Array | Int32Array | Float64Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
// Little-endian descriptors only; '|' and '<' mark byte order (none for single bytes).
const DTYPES: Record<string, { dtype: NpyDtype; size: number }> = {
  '|u1': { dtype: 'uint8', size: 1 },
  '<u1': { dtype: 'uint8', size: 1 },
  '<f4': { dtype: 'float32', size: 4 },
  '<i4': { dtype: 'int32', size: 4 },
  '<i8': { dtype: 'int64', size: 8 },
};

/**
 * A strict reader of NumPy's `.npy` format (versions 1–3): the header's `descr` must be one
 * of uint8, float32, int32, int64 (little-endian), `fortran_order` False (C order), and the
 * data exactly `prod(shape)` elements. Throws `DATASET_INVALID` naming `source` and the
 * problem otherwise (a big-endian or object array, Fortran order, a truncated file).
 */
export function parseNpy(bytes: Uint8Array, source = 'npy data'): NpyArray {
  const fail = (why: string): never => {
    throw new DatasetError('DATASET_INVALID', `${source}: ${why}`);
  };
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b))
    fail('not a .npy file (bad magic)');
  const major = bytes[6] as number;
  if (major < 1 || major > 3) fail(`unsupported .npy version ${major}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (bytes.length < start + headerLength) fail('truncated .npy header');
  const header = new TextDecoder().decode(bytes.subarray(start, start + headerLength));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined)
    fail(`unreadable .npy header ${JSON.stringify(header.trim())}`);
  const type =
    DTYPES[descr as string] ??
    fail(`dtype "${descr}" is not supported (uint8, float32, int32 or int64, little-endian)`);
  if (fortran === 'True')
    fail('the array is in Fortran order; save it in C order (np.ascontiguousarray)');
  const shape = (shapeText as string)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) fail(`bad shape (${shapeText})`);
  const count = shape.reduce((a, b) => a * b, 1);
  const offset = start + headerLength;
  if (bytes.length - offset !== count * type.size)
    fail(
      `shape (${shape.join(', ')}) needs ${count * type.size} data bytes, the file has ${bytes.length - offset}`,
    );
  // A copy, so typed views are aligned whatever the header length.
  const raw = bytes.slice(offset).buffer;
  const data =
    type.dtype === 'uint8'
      ? new Uint8Array(raw)
      : type.dtype === 'float32'
        ? new Float32Array(raw)
        : type.dtype === 'int32'
          ? new Int32Array(raw)
          : Float64Array.from(new BigInt64Array(raw), Number);
  return { dtype: type.dtype, shape, data };
}
