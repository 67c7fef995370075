import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FASHION_MNIST_DIR, loadFashionMnist } from './fashion-mnist';

/** Encodes an unsigned-byte IDX file. */
function idx(shape: number[], data: Uint8Array, type = 0x08): Uint8Array {
  const header = new Uint8Array(4 + 4 * shape.length);
  const view = new DataView(header.buffer);
  header.set([0, 0, type, shape.length]);
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  return Uint8Array.from([...header, ...data]);
}

describe(loadFashionMnist.name, () => {
  it('explains how to get the dataset when the files are missing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'fmnist-missing-'));
    const loading = loadFashionMnist({ split: 'test', directory: empty });
    await expect(loading).rejects.toMatchObject({ code: 'DATASET_MISSING' });
    await expect(loading).rejects.toThrow(/apt-get install dataset-fashion-mnist/);
  });

  it('verifies the counts and shapes it reads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fmnist-small-'));
    writeFileSync(join(dir, 't10k-images-idx3-ubyte'), idx([2, 28, 28], new Uint8Array(2 * 784)));
    writeFileSync(
      join(dir, 't10k-labels-idx1-ubyte.gz'),
      gzipSync(idx([2], Uint8Array.from([1, 9]))),
    );
    await expect(loadFashionMnist({ split: 'test', directory: dir })).rejects.toThrow(
      /expected \[10000, 28, 28\]/,
    );
  });

  it.skipIf(!existsSync(DEFAULT_FASHION_MNIST_DIR))('loads the installed test split', async () => {
    const test = await loadFashionMnist({ split: 'test' });
    expect(test.count).toBe(10_000);
    expect(test.images.length).toBe(10_000 * 784);
    const counts = new Array<number>(10).fill(0);
    for (const label of test.labels) counts[label]! += 1;
    expect(counts).toEqual(new Array(10).fill(1000));
  });
});
