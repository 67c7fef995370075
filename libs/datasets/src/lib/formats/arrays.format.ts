import { DatasetError } from '../datasets.error';
import type { DecodedDataset, DecodedSplit } from '../decoded-dataset';
import type { NpyArray } from './npy';

/** The arrays of a NumPy dataset by name (`x_train`, `y_train`, `x_test`, `y_test`). */
export type NamedArrays = ReadonlyMap<string, NpyArray>;

/**
 * A dataset from NumPy arrays, Keras' layout: `x_train` images `[n, h, w]` or `[n, h, w, c]`
 * (uint8 0–255, or float32 in [0, 1], scaled to bytes), `y_train` integer labels `[n]` or
 * `[n, 1]` in 0–255, and optionally `x_test` + `y_test` of the same image shape. Throws
 * `NOT_FOUND` for a missing array, `DATASET_INVALID` (naming the array) for anything else.
 */
export function decodeArrays(source: string, arrays: NamedArrays): DecodedDataset {
  const need = (name: string) => {
    const a = arrays.get(name);
    if (!a)
      throw new DatasetError(
        'NOT_FOUND',
        `${source}: no ${name} array (have ${[...arrays.keys()].join(', ') || 'none'})`,
      );
    return a;
  };
  const x = need('x_train');
  const shape = imageShape(`${source} x_train`, x);
  const train = split(source, 'train', x, need('y_train'));
  let test: DecodedSplit | undefined;
  if (arrays.has('x_test') || arrays.has('y_test')) {
    const xt = need('x_test');
    const testShape = imageShape(`${source} x_test`, xt);
    if (testShape.join('×') !== shape.join('×'))
      throw new DatasetError(
        'DATASET_INVALID',
        `${source}: x_test images are ${testShape.join('×')}, x_train's ${shape.join('×')}`,
      );
    if (xt.dtype !== x.dtype)
      throw new DatasetError(
        'DATASET_INVALID',
        `${source}: x_test is ${xt.dtype}, x_train ${x.dtype}`,
      );
    test = split(source, 'test', xt, need('y_test'));
  }
  const [height, width, channels] = shape;
  return {
    height,
    width,
    channels,
    dtype: x.dtype as 'uint8' | 'float32',
    train,
    ...(test ? { test } : {}),
  };
}

function imageShape(what: string, x: NpyArray): [number, number, number] {
  if (x.dtype !== 'uint8' && x.dtype !== 'float32')
    throw new DatasetError(
      'DATASET_INVALID',
      `${what}: images must be uint8 or float32, not ${x.dtype}`,
    );
  const [, h = 0, w = 0, c = 1] = x.shape;
  if ((x.shape.length !== 3 && x.shape.length !== 4) || h < 1 || w < 1 || c < 1)
    throw new DatasetError(
      'DATASET_INVALID',
      `${what}: shape (${x.shape.join(', ')}) is not (n, h, w) or (n, h, w, c)`,
    );
  return [h, w, c];
}

function split(source: string, name: string, x: NpyArray, y: NpyArray): DecodedSplit {
  const count = x.shape[0] as number;
  if (y.dtype === 'float32')
    throw new DatasetError(
      'DATASET_INVALID',
      `${source} y_${name}: labels must be integers, not float32`,
    );
  if (!(y.shape.length === 1 || (y.shape.length === 2 && y.shape[1] === 1)) || y.shape[0] !== count)
    throw new DatasetError(
      'DATASET_INVALID',
      `${source} y_${name}: shape (${y.shape.join(', ')}) does not give one label for each of the ${count} images`,
    );
  const labels = new Uint8Array(count);
  y.data.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0 || v > 255)
      throw new DatasetError(
        'DATASET_INVALID',
        `${source} y_${name}: label ${v} at index ${i} is not in 0..255`,
      );
    labels[i] = v;
  });
  return { count, images: toBytes(`${source} x_${name}`, x), labels };
}

function toBytes(what: string, x: NpyArray): Uint8Array {
  if (x.dtype === 'uint8') return x.data as Uint8Array;
  const out = new Uint8Array(x.data.length);
  x.data.forEach((v, i) => {
    if (!(v >= 0 && v <= 1))
      throw new DatasetError(
        'DATASET_INVALID',
        `${what}: float32 images must be in [0, 1]; value ${v} at element ${i}`,
      );
    out[i] = Math.round(v * 255);
  });
  return out;
}
