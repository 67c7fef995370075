import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedDataset } from '@morphsweep/contracts';
import { importDataset } from '@morphsweep/datasets';
import { loadDatasetSplits } from '../loop/dataset.config';
import { makeBatch } from './batch';
import { makeSyntheticDataset } from './synthetic';

// A registered dataset trains from its cached tensor file, image by image.
const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'dataset-cache-'));
const source = makeSyntheticDataset({ count: 40, seed: 3, height: 6, width: 6, channels: 3 });
// Each image's first byte is its index, so a streamed batch says which images it holds.
for (let i = 0; i < source.count; i++) source.images[i * 108] = i;
let resolved: ResolvedDataset;

// IDX can hold [n, h, w, c] images: the quickest way to write a test set by hand.
function idx(shape: number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * shape.length + data.length);
  out.set([0, 0, 8, shape.length]);
  shape.forEach((d, i) => new DataView(out.buffer).setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * shape.length);
  return out;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  process.env['MORPHSWEEP_DATASET_CACHE_DIR'] = cacheDir;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'registered-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'train-images-idx3-ubyte'), idx([40, 6, 6, 3], source.images));
  writeFileSync(path.join(dir, 'train-labels-idx1-ubyte'), idx([40], source.labels));
  const uri = pathToFileURL(dir).href;
  const { facts } = await importDataset({ uri, format: 'idx' }, { cacheDir });
  resolved = {
    id: '00000000-0000-4000-8000-00000000000a',
    name: 'gratings',
    uri,
    format: 'idx',
    ...facts,
  };
});
afterAll(() => {
  delete process.env['MORPHSWEEP_DATASET_CACHE_DIR'];
});

describe('a registered dataset', () => {
  it('splits like an in-memory one and streams the same pixels into batches', async () => {
    const config = { kind: 'registered' as const, dataset: 'gratings', validationFraction: 0.25 };
    const streamed = await loadDatasetSplits({ ...config, resolved }, 7);
    const inMemory = await loadDatasetSplits({ kind: 'synthetic', subsetSize: 40 }, 7);
    expect(streamed.train.images).not.toBeInstanceOf(Uint8Array);
    expect([streamed.train.count, streamed.validation.count]).toEqual([30, 10]);
    expect([streamed.train.height, streamed.train.channels, streamed.train.numClasses]).toEqual([
      6, 3, 10,
    ]);
    const batch = makeBatch(streamed.train, [0, 5, 29]);
    try {
      expect(batch.xs.shape).toEqual([3, 6, 6, 3]);
      const pixels = await batch.xs.data();
      for (let b = 0; b < 3; b++) {
        const index = Math.round((pixels[b * 108] as number) * 255);
        const want = Array.from(
          source.images.subarray(index * 108, (index + 1) * 108),
          (v) => v / 255,
        );
        expect(Array.from(pixels.subarray(b * 108, (b + 1) * 108))).toEqual(want.map(Math.fround));
        expect(batch.labels[b]).toBe(source.labels[index]);
      }
    } finally {
      batch.dispose();
    }
    expect(inMemory.train.count).toBe(36);
  });

  it('says the spec was never resolved, and refuses a changed checksum', async () => {
    await expect(loadDatasetSplits({ kind: 'registered', dataset: 'gratings' }, 1)).rejects.toThrow(
      /registered dataset "gratings" is not resolved/,
    );
    const wrong = { ...resolved, checksum: 'f'.repeat(64) };
    await expect(
      loadDatasetSplits({ kind: 'registered', dataset: 'gratings', resolved: wrong }, 1),
    ).rejects.toMatchObject({ code: 'DATASET_INVALID', message: /changed since registration/ });
  });
});
