import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { idxBytes, npyBytes, patternImages, writeTree } from '../test/fixtures';
import { importDataset, materializeDataset } from './dataset-cache';
import { TensorFile } from './tensor-file';

const tmp = (name: string) => mkdtempSync(path.join(os.tmpdir(), `${name}-`));
const uriOf = (p: string) => pathToFileURL(p).href;

// Imports `uri` and reads back image `index` of the training split and all its labels.
async function imported(
  uri: string,
  format: Parameters<typeof importDataset>[0]['format'],
  index = 0,
) {
  const { facts, file } = await importDataset({ uri, format }, { cacheDir: tmp('cache') });
  const tensors = TensorFile.open(file);
  try {
    const train = tensors.split('train');
    const size = facts.height * facts.width * facts.channels;
    const image = new Uint8Array(size);
    tensors.readImage(train, index, image, 0);
    return { facts, image, labels: tensors.readLabels(train) };
  } finally {
    tensors.close();
  }
}

describe('importDataset (file://)', () => {
  it('reads IDX pairs, gzipped or not, with a test split', async () => {
    const images = patternImages(6, 4 * 5);
    const dir = writeTree(tmp('idx'), {
      'train-images-idx3-ubyte': idxBytes([6, 4, 5], images),
      'train-labels-idx1-ubyte': idxBytes([6], Uint8Array.of(0, 1, 2, 3, 0, 1)),
      // Streamed through gunzip: gzipped, as Fashion-MNIST ships.
      't10k-images-idx3-ubyte.gz': gzipSync(idxBytes([2, 4, 5], patternImages(2, 20))),
      't10k-labels-idx1-ubyte': idxBytes([2], Uint8Array.of(3, 3)),
    });
    const { facts, image, labels } = await imported(uriOf(dir), 'idx', 2);
    expect(facts).toMatchObject({
      height: 4,
      width: 5,
      channels: 1,
      dtype: 'uint8',
      numClasses: 4,
      labelRange: [0, 3],
      trainCount: 6,
      testCount: 2,
    });
    expect(image).toEqual(images.subarray(40, 60));
    expect(labels).toEqual(Uint8Array.of(0, 1, 2, 3, 0, 1));
  });

  it('reads CIFAR-10 batches, planes to NHWC, and CIFAR-100 fine labels', async () => {
    const record = (label: number[], r: number, g: number, b: number) =>
      Uint8Array.from([
        ...label,
        ...new Array(1024).fill(r),
        ...new Array(1024).fill(g),
        ...new Array(1024).fill(b),
      ]);
    const batch = (...records: Uint8Array[]) => Uint8Array.from(records.flatMap((r) => [...r]));
    const ten = writeTree(tmp('cifar10'), {
      'data_batch_1.bin': batch(record([3], 10, 20, 30), record([9], 1, 2, 3)),
      'data_batch_2.bin': batch(record([0], 5, 6, 7)),
      'test_batch.bin': batch(record([1], 0, 0, 0)),
    });
    const a = await imported(uriOf(ten), 'cifar10', 0);
    expect(a.facts).toMatchObject({
      height: 32,
      width: 32,
      channels: 3,
      trainCount: 3,
      testCount: 1,
      numClasses: 10,
    });
    expect([...a.image.subarray(0, 6)]).toEqual([10, 20, 30, 10, 20, 30]);
    expect(a.labels).toEqual(Uint8Array.of(3, 9, 0));
    const hundred = writeTree(tmp('cifar100'), {
      'train.bin': batch(record([1, 42], 0, 0, 0), record([2, 7], 0, 0, 0)),
    });
    const b = await imported(uriOf(hundred), 'cifar100');
    expect(b.labels).toEqual(Uint8Array.of(42, 7));
    expect(b.facts).toMatchObject({ numClasses: 43, testCount: 0 });
  });

  it('reads .npy files and an .npz archive alike, scaling float32 images in [0, 1]', async () => {
    const x = Float32Array.from({ length: 4 * 2 * 2 * 3 }, (_, i) => (i % 5) / 4);
    const arrays = {
      'x_train.npy': npyBytes('<f4', [4, 2, 2, 3], x),
      'y_train.npy': npyBytes('<i8', [4], BigInt64Array.of(1n, 0n, 1n, 2n)),
    };
    const fromNpy = await imported(uriOf(writeTree(tmp('npy'), arrays)), 'npy', 1);
    expect(fromNpy.facts).toMatchObject({
      height: 2,
      width: 2,
      channels: 3,
      dtype: 'float32',
      numClasses: 3,
      trainCount: 4,
    });
    expect([...fromNpy.image.subarray(0, 5)]).toEqual([128, 191, 255, 0, 64]);
    const npzDir = tmp('npz');
    writeFileSync(path.join(npzDir, 'data.npz'), zipSync(arrays, { level: 6 }));
    const fromNpz = await imported(uriOf(path.join(npzDir, 'data.npz')), 'npz', 1);
    expect(fromNpz.facts.checksum).toBe(fromNpy.facts.checksum);
  });

  it('decodes an image folder: classes in sorted order, grey PNGs as one channel, JPEG colour as three', async () => {
    const png = (value: number) => {
      const image = new PNG({ width: 3, height: 2 });
      image.data.fill(value);
      return new Uint8Array(PNG.sync.write(image));
    };
    const grey = await imported(
      uriOf(
        writeTree(tmp('folder'), {
          'dog/1.png': png(200),
          'cat/1.png': png(50),
          'cat/2.png': png(60),
        }),
      ),
      'image-folder',
    );
    expect(grey.facts).toMatchObject({
      height: 2,
      width: 3,
      channels: 1,
      numClasses: 2,
      trainCount: 3,
    });
    expect(grey.labels).toEqual(Uint8Array.of(0, 0, 1)); // cat/1, cat/2, dog/1
    expect([...grey.image]).toEqual([50, 50, 50, 50, 50, 50]);
    const rgba = Buffer.alloc(3 * 2 * 4);
    for (let p = 0; p < 6; p++) rgba.set([250, 10, 10, 255], p * 4);
    const jpeg = encodeJpeg({ data: rgba, width: 3, height: 2 }, 95).data;
    const colour = await imported(
      uriOf(
        writeTree(tmp('folder'), {
          'train/red/a.jpg': jpeg,
          'train/grey/b.png': png(9),
          'test/red/c.jpg': jpeg,
        }),
      ),
      'image-folder',
      1,
    );
    expect(colour.facts).toMatchObject({ channels: 3, trainCount: 2, testCount: 1 });
    expect(colour.image[0]).toBeGreaterThan(200);
    expect(colour.image[1]).toBeLessThan(60);
  });

  it.each([
    [
      'a missing labels file',
      'idx',
      { 'train-images-idx3-ubyte': idxBytes([1, 2, 2], new Uint8Array(4)) },
      /has no labels file beside it/,
    ],
    [
      'IDX images longer than their header',
      'idx',
      {
        'train-images-idx3-ubyte': Uint8Array.from([...idxBytes([1, 2, 2], new Uint8Array(4)), 9]),
        'train-labels-idx1-ubyte': idxBytes([1], Uint8Array.of(1)),
      },
      /train-images-idx3-ubyte: header promises 4 bytes for shape \[1, 2, 2\], file holds more/,
    ],
    [
      'IDX labels that do not match the images',
      'idx',
      {
        'train-images-idx3-ubyte': idxBytes([2, 2, 2], new Uint8Array(8)),
        'train-labels-idx1-ubyte': idxBytes([3], Uint8Array.of(0, 1, 1)),
      },
      /holds 2 images, train-labels-idx1-ubyte 3 labels/,
    ],
    [
      'images and labels that disagree',
      'npy',
      {
        'x_train.npy': npyBytes('|u1', [3, 2, 2], new Uint8Array(12)),
        'y_train.npy': npyBytes('|u1', [2], Uint8Array.of(0, 1)),
      },
      /does not give one label for each of the 3 images/,
    ],
    [
      'a label over 255',
      'npy',
      {
        'x_train.npy': npyBytes('|u1', [2, 1, 1], new Uint8Array(2)),
        'y_train.npy': npyBytes('<i8', [2], BigInt64Array.of(0n, 300n)),
      },
      /label 300 at index 1 is not in 0\.\.255/,
    ],
    [
      'a torn CIFAR batch',
      'cifar10',
      { 'data_batch_1.bin': new Uint8Array(3074) },
      /not a whole number of 3073-byte CIFAR records/,
    ],
    [
      'an image outside a class folder',
      'image-folder',
      { 'loose.png': new Uint8Array(8) },
      /loose\.png is not <class>\/<image>/,
    ],
  ] as const)('names the problem for %s', async (_what, format, files, message) => {
    await expect(
      importDataset(
        { uri: uriOf(writeTree(tmp('bad'), files)), format },
        { cacheDir: tmp('cache') },
      ),
    ).rejects.toThrow(message);
  });

  it('refuses a URI that is not file:/// or s3://, and an empty folder', async () => {
    await expect(
      importDataset({ uri: 'https://example.com/x.npz', format: 'npz' }),
    ).rejects.toThrow(/must start with file:\/\/\//);
    await expect(importDataset({ uri: uriOf(tmp('empty')), format: 'npz' })).rejects.toThrow(
      /no files at/,
    );
  });
});

describe('materializeDataset', () => {
  it('reuses the cached tensor file, decodes it again when it is gone, and refuses changed files', async () => {
    const files = {
      'x_train.npy': npyBytes('|u1', [2, 1, 1], Uint8Array.of(1, 2)),
      'y_train.npy': npyBytes('|u1', [2], Uint8Array.of(0, 1)),
    };
    const dir = writeTree(tmp('npy'), files);
    const cacheDir = tmp('cache');
    const { facts, file } = await importDataset({ uri: uriOf(dir), format: 'npy' }, { cacheDir });
    const source = { uri: uriOf(dir), format: 'npy' as const, checksum: facts.checksum };
    await expect(materializeDataset(source, { cacheDir })).resolves.toBe(file);
    rmSync(file);
    const otherCache = tmp('cache');
    await expect(materializeDataset(source, { cacheDir: otherCache })).resolves.toBe(
      path.join(otherCache, `${facts.checksum}.mstensor`),
    );
    writeTree(dir, { 'y_train.npy': npyBytes('|u1', [2], Uint8Array.of(1, 0)) });
    await expect(materializeDataset(source, { cacheDir: tmp('cache') })).rejects.toThrow(
      /changed since registration/,
    );
  });
});
