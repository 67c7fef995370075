import path from 'node:path';
import { unzipSync } from 'fflate';
import { DatasetError } from '../datasets.error';
import type { DecodedDataset } from '../decoded-dataset';
import type { SourceFiles } from '../source-files';
import { decodeArrays } from './arrays.format';
import { parseNpy, type NpyArray } from './npy';

const NAMES = ['x_train', 'y_train', 'x_test', 'y_test'];

/** `x_train.npy` + `y_train.npy` (+ `x_test.npy`, `y_test.npy`) at the URI; see `decodeArrays`. */
export async function decodeNpyFiles(files: SourceFiles): Promise<DecodedDataset> {
  const arrays = new Map<string, NpyArray>();
  for (const key of files.keys) {
    const name = path.posix.basename(key, '.npy');
    if (key.endsWith('.npy') && NAMES.includes(name))
      arrays.set(name, parseNpy(await files.read(key), key));
  }
  return decodeArrays(files.uri, arrays);
}

/**
 * One `.npz` archive (the URI's only `.npz` file) holding `x_train`, `y_train` and optionally
 * `x_test`, `y_test` (stored or deflated, as `np.savez` / `np.savez_compressed` write them).
 * Throws `NOT_FOUND` without exactly one archive, `DATASET_INVALID` for a bad zip or array.
 */
export async function decodeNpz(files: SourceFiles): Promise<DecodedDataset> {
  const archives = files.keys.filter((k) => k.endsWith('.npz'));
  if (archives.length !== 1)
    throw new DatasetError(
      'NOT_FOUND',
      `${files.uri}: expected one .npz file, found ${archives.length}`,
    );
  const key = archives[0] as string;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(await files.read(key), {
      filter: (f) => NAMES.includes(f.name.replace(/\.npy$/, '')),
    });
  } catch (error) {
    throw new DatasetError(
      'DATASET_INVALID',
      `${key}: not a readable zip archive (${(error as Error).message})`,
      { cause: error },
    );
  }
  const arrays = new Map(
    Object.entries(entries).map(
      ([name, bytes]) => [name.replace(/\.npy$/, ''), parseNpy(bytes, `${key}:${name}`)] as const,
    ),
  );
  return decodeArrays(key, arrays);
}
