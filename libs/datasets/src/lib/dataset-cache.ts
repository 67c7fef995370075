import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DatasetFacts, DatasetFormat } from '@morphsweep/contracts';
import { DatasetError } from './datasets.error';
import { openSourceFiles } from './source-files';
import { sourceSplits } from './source-splits';
import { verifyTensorFile, writeTensorFile } from './tensor-file';

/** Environment variable naming the folder of cached tensor files. */
export const DATASET_CACHE_DIR_ENV_VAR = 'MORPHSWEEP_DATASET_CACHE_DIR';

/** The cache folder: `MORPHSWEEP_DATASET_CACHE_DIR`, else `<MORPHSWEEP_CACHE_DIR>/datasets`. */
export function datasetCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env[DATASET_CACHE_DIR_ENV_VAR];
  if (explicit) return path.resolve(explicit);
  const cache = env['MORPHSWEEP_CACHE_DIR'] ?? path.join(os.homedir(), '.cache', 'morphsweep');
  return path.join(path.resolve(cache), 'datasets');
}

/** The cached tensor file of the dataset whose checksum is `checksum`. */
export function tensorFilePath(cacheDir: string, checksum: string): string {
  return path.join(cacheDir, `${checksum}.mstensor`);
}

/** Where a dataset is and how to read it. */
export interface DatasetSource {
  readonly uri: string;
  readonly format: DatasetFormat;
}

/** Options of {@link importDataset} and {@link materializeDataset}. */
export interface DatasetCacheOptions {
  /** Default: {@link datasetCacheDir}. */
  readonly cacheDir?: string;
  /** S3 settings and the cache folder's variables (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Reads the dataset at `source.uri` through the artifact store, decodes it once, and writes
 * its cached tensor file, named by its checksum. Resolves to what was found and the file.
 * Throws `DatasetError`: INVALID_URI, NOT_FOUND, DATASET_INVALID (the message names the file
 * and the problem).
 */
export async function importDataset(
  source: DatasetSource,
  options: DatasetCacheOptions = {},
): Promise<{ facts: DatasetFacts; file: string }> {
  const env = options.env ?? process.env;
  const cacheDir = options.cacheDir ?? datasetCacheDir(env);
  const read = await sourceSplits(await openSourceFiles(source.uri, env), source.format);
  const incoming = path.join(cacheDir, `incoming-${randomUUID()}.mstensor`);
  const written = await writeTensorFile(incoming, read, read.splits);
  const file = tensorFilePath(cacheDir, written.checksum);
  await rename(incoming, file).catch(async (error) => {
    await rm(incoming, { force: true });
    throw error;
  });
  const { header } = written;
  const count = (name: string) => header.splits.find((s) => s.name === name)?.count ?? 0;
  const facts: DatasetFacts = {
    height: header.height,
    width: header.width,
    channels: header.channels,
    dtype: header.dtype,
    numClasses: header.numClasses,
    labelRange: [header.labelRange[0], header.labelRange[1]],
    trainCount: count('train'),
    testCount: count('test'),
    checksum: written.checksum,
    sizeBytes: written.sizeBytes,
  };
  return { facts, file };
}

const verified = new Map<string, Promise<string>>();

/**
 * The path of the cached tensor file of a registered dataset, ready for positioned reads: the
 * cached file when it verifies (once per process), else decoded again from `source.uri` —
 * which must give the registered `checksum`, or this throws `CHECKSUM_MISMATCH` (the files
 * changed since registration; register them again under a new name). Concurrent callers for
 * one checksum share the work.
 */
export function materializeDataset(
  source: DatasetSource & { readonly checksum: string },
  options: DatasetCacheOptions = {},
): Promise<string> {
  const cacheDir = options.cacheDir ?? datasetCacheDir(options.env ?? process.env);
  const file = tensorFilePath(cacheDir, source.checksum);
  let pending = verified.get(file);
  if (!pending) {
    pending = materialize(source, file, options).catch((error) => {
      verified.delete(file);
      throw error;
    });
    verified.set(file, pending);
  }
  return pending;
}

async function materialize(
  source: DatasetSource & { readonly checksum: string },
  file: string,
  options: DatasetCacheOptions,
): Promise<string> {
  if (existsSync(file)) {
    try {
      await verifyTensorFile(file, source.checksum);
      return file;
    } catch {
      await rm(file, { force: true }); // corrupt: decode it again below
    }
  }
  const { facts, file: written } = await importDataset(source, {
    ...options,
    cacheDir: path.dirname(file),
  });
  if (facts.checksum !== source.checksum) {
    throw new DatasetError(
      'CHECKSUM_MISMATCH',
      `the files at ${source.uri} now decode to checksum ${facts.checksum}, not the registered ${source.checksum}: they changed since registration; register them again under a new name`,
    );
  }
  return written;
}
