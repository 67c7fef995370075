import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync, fstatSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { SourceDtype } from '@morphsweep/contracts';
import { DatasetError } from './datasets.error';

/** The first 8 bytes of every tensor file. */
export const TENSOR_FILE_MAGIC = 'MSTENSR1';
const TRAILER = 32; // SHA-256

/** One split's place in a tensor file; offsets count from the start of the payload. */
export interface TensorSplitHeader {
  readonly name: 'train' | 'test';
  readonly count: number;
  readonly imagesOffset: number;
  readonly labelsOffset: number;
}

/** The JSON header of a tensor file (docs/datasets.md). */
export interface TensorFileHeader {
  readonly format: 'morphsweep-tensors/v1';
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly dtype: SourceDtype;
  readonly numClasses: number;
  readonly labelRange: readonly [number, number];
  readonly splits: readonly TensorSplitHeader[];
}

/** A split to write: its labels in memory, its images as chunks (NHWC bytes, in order). */
export interface TensorSplitSource {
  readonly name: 'train' | 'test';
  readonly count: number;
  readonly labels: Uint8Array;
  readonly images: Iterable<Uint8Array> | AsyncIterable<Uint8Array>;
}

/** What writing a tensor file produced. */
export interface WrittenTensorFile {
  readonly header: TensorFileHeader;
  /** Hex SHA-256 of every byte before the trailer (which holds it). */
  readonly checksum: string;
  readonly sizeBytes: number;
}

/**
 * Writes a tensor file: `MSTENSR1`, the header's byte length (uint32 LE), the header JSON,
 * then each split's images and labels, then the SHA-256 of all that. Images stream through
 * chunk by chunk, so a file larger than memory can be written. Same input → same bytes →
 * same checksum. Written to a temporary file and renamed, so `file` is whole or absent.
 * Throws `DATASET_INVALID` when a split's bytes or labels do not match its count, or the
 * labels name fewer than two classes.
 */
export async function writeTensorFile(
  file: string,
  shape: { height: number; width: number; channels: number; dtype: SourceDtype },
  splits: readonly TensorSplitSource[],
): Promise<WrittenTensorFile> {
  const header = headerFor(shape, splits);
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  const hash = createHash('sha256');
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const handle = await open(temp, 'w');
  let sizeBytes = 0;
  const write = async (bytes: Uint8Array) => {
    hash.update(bytes);
    sizeBytes += bytes.length;
    await handle.write(bytes);
  };
  try {
    await write(Buffer.from(TENSOR_FILE_MAGIC, 'latin1'));
    await write(length);
    await write(json);
    const imageBytes = shape.height * shape.width * shape.channels;
    for (const split of splits) {
      let written = 0;
      for await (const chunk of split.images) {
        written += chunk.length;
        await write(chunk);
      }
      if (written !== split.count * imageBytes)
        throw new DatasetError(
          'DATASET_INVALID',
          `${split.name}: ${written} image bytes for ${split.count} images of ${imageBytes} bytes`,
        );
      await write(split.labels);
    }
    const checksum = hash.digest();
    await handle.write(checksum);
    await handle.sync();
    await handle.close();
    await rename(temp, file);
    return { header, checksum: checksum.toString('hex'), sizeBytes: sizeBytes + TRAILER };
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
}

function headerFor(
  shape: { height: number; width: number; channels: number; dtype: SourceDtype },
  splits: readonly TensorSplitSource[],
): TensorFileHeader {
  const imageBytes = shape.height * shape.width * shape.channels;
  let offset = 0;
  let [lo, hi] = [255, 0];
  const placed = splits.map((s) => {
    if (s.labels.length !== s.count)
      throw new DatasetError(
        'DATASET_INVALID',
        `${s.name}: ${s.labels.length} labels for ${s.count} images`,
      );
    for (const label of s.labels) [lo, hi] = [Math.min(lo, label), Math.max(hi, label)];
    const imagesOffset = offset;
    offset += s.count * imageBytes;
    const labelsOffset = offset;
    offset += s.count;
    return { name: s.name, count: s.count, imagesOffset, labelsOffset };
  });
  if (hi < 1)
    throw new DatasetError(
      'DATASET_INVALID',
      `every label is ${hi}: a classification set needs at least two classes`,
    );
  const { height, width, channels, dtype } = shape;
  return {
    format: 'morphsweep-tensors/v1',
    height,
    width,
    channels,
    dtype,
    numClasses: hi + 1,
    labelRange: [lo, hi],
    splits: placed,
  };
}

/**
 * A tensor file open for positioned reads: the header, each split's labels on demand, and
 * single images read at their byte offset, so no more than a batch is ever in memory.
 * Throws `DATASET_INVALID` for a file that is not a tensor file or is shorter than its header
 * says. Call `close()` when done.
 */
export class TensorFile {
  private constructor(
    private readonly fd: number,
    readonly path: string,
    readonly header: TensorFileHeader,
    private readonly payload: number,
  ) {}

  static open(file: string): TensorFile {
    const fd = openSync(file, 'r');
    try {
      const start = Buffer.alloc(12);
      readSync(fd, start, 0, 12, 0);
      if (start.toString('latin1', 0, 8) !== TENSOR_FILE_MAGIC)
        throw new DatasetError('DATASET_INVALID', `${file} is not a tensor file (bad magic)`);
      const length = start.readUInt32LE(8);
      const json = Buffer.alloc(length);
      readSync(fd, json, 0, length, 12);
      const header = JSON.parse(json.toString()) as TensorFileHeader;
      const imageBytes = header.height * header.width * header.channels;
      const end = header.splits.reduce((n, s) => n + s.count * (imageBytes + 1), 0);
      if (fstatSync(fd).size !== 12 + length + end + TRAILER)
        throw new DatasetError(
          'DATASET_INVALID',
          `${file} is not as long as its header says (truncated?)`,
        );
      return new TensorFile(fd, file, header, 12 + length);
    } catch (error) {
      closeSync(fd);
      if (error instanceof SyntaxError)
        throw new DatasetError('DATASET_INVALID', `${file}: unreadable header`);
      throw error;
    }
  }

  /** The split named `name`; throws `NOT_FOUND` when the file has none. */
  split(name: 'train' | 'test'): TensorSplitHeader {
    const split = this.header.splits.find((s) => s.name === name);
    if (!split) throw new DatasetError('NOT_FOUND', `${this.path} has no ${name} split`);
    return split;
  }

  /** The labels of a split (one byte per image: the only per-image data held in memory). */
  readLabels(split: TensorSplitHeader): Uint8Array {
    const labels = new Uint8Array(split.count);
    readSync(this.fd, labels, 0, split.count, this.payload + split.labelsOffset);
    return labels;
  }

  /** Copies image `index` of `split` into `target` at `offset` (one positioned read). */
  readImage(split: TensorSplitHeader, index: number, target: Uint8Array, offset: number): void {
    const size = this.header.height * this.header.width * this.header.channels;
    readSync(this.fd, target, offset, size, this.payload + split.imagesOffset + index * size);
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * Recomputes a tensor file's SHA-256 (streaming, bounded memory) and checks it against the
 * trailer and, when given, `expected`. Resolves to the checksum; throws `CHECKSUM_MISMATCH`.
 */
export async function verifyTensorFile(file: string, expected?: string): Promise<string> {
  const handle = await open(file, 'r');
  let size: number;
  const trailer = Buffer.alloc(TRAILER);
  try {
    size = (await handle.stat()).size;
    await handle.read(trailer, 0, TRAILER, size - TRAILER);
  } finally {
    await handle.close();
  }
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { start: 0, end: size - TRAILER - 1 }))
    hash.update(chunk as Buffer);
  const actual = hash.digest('hex');
  if (actual !== trailer.toString('hex'))
    throw new DatasetError(
      'CHECKSUM_MISMATCH',
      `${file} does not match its own checksum (corrupt)`,
    );
  if (expected !== undefined && actual !== expected)
    throw new DatasetError(
      'CHECKSUM_MISMATCH',
      `${file} has checksum ${actual}, expected ${expected}`,
    );
  return actual;
}
