import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { DatasetError } from '../datasets.error';
import { findFile, type SourceFiles } from '../source-files';
import type { TensorSplitSource } from '../tensor-file';
import type { SourceSplits } from '../source-splits';
import { parseIdx } from './idx';

const variants = (name: string) => [name, `${name}.gz`];

/**
 * IDX pairs, streamed: `train-images-idx3-ubyte` + `train-labels-idx1-ubyte`, and for a test
 * split `t10k-*` or `test-*` (each `.gz` or not). Images are `[n, h, w]` (grey) or
 * `[n, h, w, c]` and pass through chunk by chunk into the tensor file, so converting a set
 * larger than memory holds only its labels. Throws `NOT_FOUND` without the training pair,
 * `DATASET_INVALID` for a bad header, a length that does not match it, labels that do not
 * match the images, or a test split of another shape.
 */
export async function streamIdx(files: SourceFiles): Promise<SourceSplits> {
  const train = await openPair(files, 'train', 'train');
  if (!train) {
    throw new DatasetError(
      'NOT_FOUND',
      `${files.uri}: no train-images-idx3-ubyte(.gz) + train-labels-idx1-ubyte(.gz) pair`,
    );
  }
  const test = (await openPair(files, 't10k', 'test')) ?? (await openPair(files, 'test', 'test'));
  const shape = train.imageShape;
  if (test && test.imageShape.join('×') !== shape.join('×')) {
    throw new DatasetError(
      'DATASET_INVALID',
      `${files.uri}: test images are ${test.imageShape.join('×')}, the training images ${shape.join('×')}`,
    );
  }
  const [height, width, channels] = shape;
  const splits = [train.split, ...(test ? [test.split] : [])];
  return { height, width, channels, dtype: 'uint8', splits };
}

async function openPair(
  files: SourceFiles,
  prefix: string,
  name: 'train' | 'test',
): Promise<{ imageShape: [number, number, number]; split: TensorSplitSource } | undefined> {
  const imagesKey = findFile(files, [
    ...variants(`${prefix}-images-idx3-ubyte`),
    ...variants(`${prefix}-images-idx4-ubyte`),
  ]);
  const labelsKey = findFile(files, variants(`${prefix}-labels-idx1-ubyte`));
  if (imagesKey === undefined && labelsKey === undefined) return undefined;
  if (imagesKey === undefined || labelsKey === undefined) {
    const [present, missing] = imagesKey ? [imagesKey, 'labels'] : [labelsKey, 'images'];
    throw new DatasetError(
      'NOT_FOUND',
      `${files.uri}: ${present} has no ${missing} file beside it`,
    );
  }
  const labels = parseIdx(await files.read(labelsKey), labelsKey);
  if (labels.shape.length !== 1) {
    throw new DatasetError(
      'DATASET_INVALID',
      `${labelsKey}: labels have shape [${labels.shape.join(', ')}], expected [n]`,
    );
  }
  const { shape, body } = await openIdxImages(files, imagesKey);
  const [count = 0, height = 0, width = 0, channels = 1] = shape;
  if (count !== labels.shape[0]) {
    throw new DatasetError(
      'DATASET_INVALID',
      `${imagesKey} holds ${count} images, ${labelsKey} ${labels.shape[0]} labels`,
    );
  }
  return {
    imageShape: [height, width, channels],
    split: { name, count, labels: labels.data, images: body },
  };
}

// The header of an IDX image file and its data as a stream of chunks, checked for length.
async function openIdxImages(
  files: SourceFiles,
  key: string,
): Promise<{ shape: number[]; body: AsyncIterable<Uint8Array> }> {
  const fail = (why: string): never => {
    throw new DatasetError('DATASET_INVALID', `${key}: ${why}`);
  };
  let stream: Readable = await files.stream(key);
  if (key.endsWith('.gz')) stream = stream.pipe(createGunzip());
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let head = Buffer.alloc(0);
  while (head.length < 4 || head.length < 4 + 4 * (head[3] as number)) {
    const next = await chunks.next();
    if (next.done) fail('truncated IDX header');
    head = Buffer.concat([head, next.value as Buffer]);
  }
  if (head[0] !== 0 || head[1] !== 0) fail('not an IDX file (bad magic number)');
  if (head[2] !== 0x08)
    fail(`unsupported IDX element type 0x${(head[2] ?? 0).toString(16)} (expected 0x08)`);
  const ndims = head[3] as number;
  if (ndims !== 3 && ndims !== 4)
    fail(`images have ${ndims} dimensions, expected [n, h, w] or [n, h, w, c]`);
  const shape = Array.from({ length: ndims }, (_, i) => head.readUInt32BE(4 + 4 * i));
  const expected = shape.reduce((a, b) => a * b, 1);
  const first = head.subarray(4 + 4 * ndims);
  async function* body(): AsyncGenerator<Uint8Array> {
    let seen = first.length;
    if (first.length > 0) yield first;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      seen += next.value.length;
      if (seen > expected) break;
      yield next.value;
    }
    if (seen !== expected)
      fail(
        `header promises ${expected} bytes for shape [${shape.join(', ')}], file holds ${seen > expected ? 'more' : seen}`,
      );
  }
  return { shape, body: body() };
}
