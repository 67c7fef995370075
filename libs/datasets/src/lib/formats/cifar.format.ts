import path from 'node:path';
import { DatasetError } from '../datasets.error';
import type { DecodedDataset, DecodedSplit } from '../decoded-dataset';
import type { SourceFiles } from '../source-files';

const SIDE = 32;
const PIXELS = SIDE * SIDE;

/** The two CIFAR binary layouts: label bytes before each 3,072-byte image, and file names. */
const LAYOUTS = {
  // CIFAR-10: <label> <1024 red> <1024 green> <1024 blue>.
  cifar10: { labelBytes: 1, labelAt: 0, train: /^data_batch_\d+\.bin$/, test: /^test_batch\.bin$/ },
  // CIFAR-100: <coarse label> <fine label> <3072 pixels>; the fine label (100 classes) is used.
  cifar100: { labelBytes: 2, labelAt: 1, train: /^train\.bin$/, test: /^test\.bin$/ },
} as const;

/**
 * CIFAR-10 / CIFAR-100 binary batches (`data_batch_*.bin` + `test_batch.bin`, or `train.bin`
 * + `test.bin`): fixed-size records of label byte(s) and a 32×32 image stored plane by plane
 * (all red, all green, all blue), turned here into NHWC. Throws `NOT_FOUND` without training
 * batches, `DATASET_INVALID` for a file that is not a whole number of records.
 */
export async function decodeCifar(
  files: SourceFiles,
  format: keyof typeof LAYOUTS,
): Promise<DecodedDataset> {
  const layout = LAYOUTS[format];
  const pick = (pattern: RegExp) => files.keys.filter((k) => pattern.test(path.posix.basename(k)));
  const trainKeys = pick(layout.train);
  if (trainKeys.length === 0)
    throw new DatasetError(
      'NOT_FOUND',
      `${files.uri}: no ${format} training batches (${layout.train.source})`,
    );
  const train = await readRecords(files, trainKeys, layout);
  const testKeys = pick(layout.test);
  const test = testKeys.length > 0 ? await readRecords(files, testKeys, layout) : undefined;
  return {
    height: SIDE,
    width: SIDE,
    channels: 3,
    dtype: 'uint8',
    train,
    ...(test ? { test } : {}),
  };
}

async function readRecords(
  files: SourceFiles,
  keys: readonly string[],
  layout: (typeof LAYOUTS)[keyof typeof LAYOUTS],
): Promise<DecodedSplit> {
  const record = layout.labelBytes + 3 * PIXELS;
  const parts = await Promise.all(keys.map((k) => files.read(k)));
  parts.forEach((bytes, i) => {
    if (bytes.length === 0 || bytes.length % record !== 0)
      throw new DatasetError(
        'DATASET_INVALID',
        `${keys[i]}: ${bytes.length} bytes is not a whole number of ${record}-byte CIFAR records`,
      );
  });
  const count = parts.reduce((n, b) => n + b.length / record, 0);
  const images = new Uint8Array(count * 3 * PIXELS);
  const labels = new Uint8Array(count);
  let n = 0;
  for (const bytes of parts) {
    for (let r = 0; r < bytes.length; r += record, n++) {
      labels[n] = bytes[r + layout.labelAt] as number;
      const planes = r + layout.labelBytes;
      const out = n * 3 * PIXELS;
      for (let p = 0; p < PIXELS; p++) {
        images[out + 3 * p] = bytes[planes + p] as number;
        images[out + 3 * p + 1] = bytes[planes + PIXELS + p] as number;
        images[out + 3 * p + 2] = bytes[planes + 2 * PIXELS + p] as number;
      }
    }
  }
  return { count, images, labels };
}
