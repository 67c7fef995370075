import { TrainingError } from '../training.error';

/** First 8 bytes of every checkpoint: ASCII `MSCKPT` + format version `01`. */
export const CHECKPOINT_MAGIC = 'MSCKPT01';

/** One tensor in a checkpoint: its name, shape and float32 values. */
export interface CheckpointTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** A decoded checkpoint: JSON metadata plus named float32 tensors. */
export interface CheckpointData<Meta> {
  readonly meta: Meta;
  readonly tensors: readonly CheckpointTensor[];
}

interface Header<Meta> {
  meta: Meta;
  tensors: { name: string; shape: number[]; offset: number; size: number }[];
}

/**
 * Encodes a checkpoint as one compact binary blob:
 *
 * | bytes | content |
 * |---|---|
 * | 0–7 | `MSCKPT01` (ASCII magic and version) |
 * | 8–11 | header length H (uint32, little-endian) |
 * | 12 … 12+H | header: UTF-8 JSON `{ meta, tensors: [{ name, shape, offset, size }] }` |
 * | … | zero padding to a multiple of 4 bytes |
 * | rest | every tensor's values as float32 little-endian, at `offset` (in floats) |
 *
 * Float32 values are copied bit for bit, so decoding restores exactly what was saved.
 */
export function encodeCheckpoint<Meta>(data: CheckpointData<Meta>): Uint8Array {
  let offset = 0;
  const header: Header<Meta> = {
    meta: data.meta,
    tensors: data.tensors.map((t) => {
      const size = t.values.length;
      const expected = t.shape.reduce((a, b) => a * b, 1);
      if (expected !== size)
        throw new TrainingError(
          'INVALID_ARGUMENT',
          `tensor ${t.name}: shape [${t.shape.join(', ')}] has ${expected} values, got ${size}`,
        );
      const entry = { name: t.name, shape: [...t.shape], offset, size };
      offset += size;
      return entry;
    }),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = align4(12 + json.length);
  const bytes = new Uint8Array(dataStart + offset * 4);
  bytes.set(new TextEncoder().encode(CHECKPOINT_MAGIC), 0);
  const view = new DataView(bytes.buffer);
  view.setUint32(8, json.length, true);
  bytes.set(json, 12);
  data.tensors.forEach((t, i) => {
    const base = dataStart + (header.tensors[i]?.offset ?? 0) * 4;
    for (let j = 0; j < t.values.length; j++)
      view.setFloat32(base + j * 4, t.values[j] as number, true);
  });
  return bytes;
}

/** Decodes {@link encodeCheckpoint}'s output; `CHECKPOINT_INVALID` for anything else. */
export function decodeCheckpoint<Meta>(bytes: Uint8Array): CheckpointData<Meta> {
  const invalid = (why: string) =>
    new TrainingError('CHECKPOINT_INVALID', `not a morphsweep checkpoint: ${why}`);
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== CHECKPOINT_MAGIC)
    throw invalid('bad magic bytes');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(8, true);
  if (12 + length > bytes.length) throw invalid('truncated header');
  let header: Header<Meta>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length))) as Header<Meta>;
  } catch {
    throw invalid('header is not JSON');
  }
  const dataStart = align4(12 + length);
  const floats = (bytes.length - dataStart) / 4;
  const tensors = (header.tensors ?? []).map((t) => {
    if (
      !Number.isInteger(t.offset) ||
      !Number.isInteger(t.size) ||
      t.offset < 0 ||
      t.offset + t.size > floats
    )
      throw invalid(`tensor ${t.name} lies outside the data`);
    const values = new Float32Array(t.size);
    for (let j = 0; j < t.size; j++)
      values[j] = view.getFloat32(dataStart + (t.offset + j) * 4, true);
    return { name: t.name, shape: t.shape, values };
  });
  return { meta: header.meta, tensors };
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
