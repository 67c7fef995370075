import path from 'node:path';
import { decode as decodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { DatasetError } from '../datasets.error';
import type { DecodedDataset, DecodedSplit } from '../decoded-dataset';
import type { SourceFiles } from '../source-files';

const IMAGE = /\.(png|jpe?g)$/i;

interface Rgba {
  readonly key: string;
  readonly label: number;
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/**
 * One subfolder of PNG/JPEG images per class (`<class>/<image>`), or the same below `train/`
 * and `test/`. Labels number the training classes in sorted order; every image must have the
 * first image's size. Images whose pixels all have R = G = B make a one-channel dataset,
 * others three channels (alpha is dropped). Throws `NOT_FOUND` without images, and
 * `DATASET_INVALID` naming the file for one that does not decode, has another size, sits
 * outside a class folder, or (test) in a class the training images do not have.
 */
export async function decodeImageFolder(files: SourceFiles): Promise<DecodedDataset> {
  const keys = files.keys.filter((k) => IMAGE.test(k));
  if (keys.length === 0)
    throw new DatasetError('NOT_FOUND', `${files.uri}: no .png or .jpg images`);
  const splitLayout = keys.every((k) => /^(train|test)\//.test(k));
  const groups = splitLayout
    ? {
        train: keys.filter((k) => k.startsWith('train/')).map((k) => k.slice(6)),
        test: keys.filter((k) => k.startsWith('test/')).map((k) => k.slice(5)),
      }
    : { train: keys, test: [] };
  const classes = classesOf(files.uri, groups.train);
  const prefix = splitLayout ? { train: 'train/', test: 'test/' } : { train: '', test: '' };
  const train = await decodeGroup(
    files,
    groups.train.map((k) => prefix.train + k),
    classes,
    prefix.train,
  );
  const test =
    groups.test.length > 0
      ? await decodeGroup(
          files,
          groups.test.map((k) => prefix.test + k),
          classes,
          prefix.test,
        )
      : undefined;
  const all = [...train, ...(test ?? [])];
  const first = all[0] as Rgba;
  const other = all.find((i) => i.width !== first.width || i.height !== first.height);
  if (other)
    throw new DatasetError(
      'DATASET_INVALID',
      `${other.key} is ${other.width}×${other.height}, ${first.key} ${first.width}×${first.height}: every image must have one size`,
    );
  const channels = all.every(isGrey) ? 1 : 3;
  const pack = (images: Rgba[]) => packSplit(images, channels);
  return {
    height: first.height,
    width: first.width,
    channels,
    dtype: 'uint8',
    train: pack(train),
    ...(test ? { test: pack(test) } : {}),
  };
}

function classOf(key: string): string {
  return key.slice(0, key.indexOf('/'));
}

function classesOf(uri: string, keys: readonly string[]): string[] {
  const loose = keys.find((k) => k.split('/').length !== 2);
  if (loose !== undefined)
    throw new DatasetError(
      'DATASET_INVALID',
      `${uri}: ${loose} is not <class>/<image>; put each image in its class's folder`,
    );
  return [...new Set(keys.map(classOf))].sort();
}

async function decodeGroup(
  files: SourceFiles,
  keys: readonly string[],
  classes: readonly string[],
  prefix: string,
): Promise<Rgba[]> {
  const out: Rgba[] = [];
  for (const key of keys) {
    const rest = key.slice(prefix.length);
    if (rest.split('/').length !== 2 || !classes.includes(classOf(rest)))
      throw new DatasetError(
        'DATASET_INVALID',
        `${files.uri}: ${key} is not in one of the training classes (${classes.join(', ')})`,
      );
    out.push({ ...decodeImage(key, await files.read(key)), label: classes.indexOf(classOf(rest)) });
  }
  return out;
}

function decodeImage(key: string, bytes: Uint8Array): Omit<Rgba, 'label'> {
  try {
    if (/\.png$/i.test(key)) {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return { key, width: png.width, height: png.height, data: new Uint8Array(png.data) };
    }
    const jpeg = decodeJpeg(bytes, { useTArray: true, formatAsRGBA: true });
    return { key, width: jpeg.width, height: jpeg.height, data: jpeg.data };
  } catch (error) {
    throw new DatasetError(
      'DATASET_INVALID',
      `${key}: not a decodable ${path.extname(key)} image (${(error as Error).message})`,
      { cause: error },
    );
  }
}

function isGrey(image: Rgba): boolean {
  const d = image.data;
  for (let p = 0; p < d.length; p += 4) if (d[p] !== d[p + 1] || d[p] !== d[p + 2]) return false;
  return true;
}

function packSplit(images: readonly Rgba[], channels: number): DecodedSplit {
  const first = images[0] as Rgba;
  const size = first.width * first.height;
  const out = new Uint8Array(images.length * size * channels);
  images.forEach((image, i) => {
    for (let p = 0; p < size; p++)
      for (let c = 0; c < channels; c++)
        out[(i * size + p) * channels + c] = image.data[p * 4 + c] as number;
  });
  return { count: images.length, images: out, labels: Uint8Array.from(images, (i) => i.label) };
}
