import path from 'node:path';
import type { Readable } from 'node:stream';
import { createArtifactStore, type ArtifactStore } from '@morphsweep/storage';
import { DatasetError } from './datasets.error';

/** The files of a dataset source: their keys below the URI, and a way to read each. */
export interface SourceFiles {
  readonly uri: string;
  /** Keys relative to the URI, `/`-separated, sorted; one file's key is its base name. */
  readonly keys: readonly string[];
  read(key: string): Promise<Uint8Array>;
  /** Streams one file (for formats that can be converted without holding the file). */
  stream(key: string): Promise<Readable>;
}

/**
 * Opens the file or folder at `uri` (`file:///abs/path` or `s3://bucket/key`) through the
 * artifact store, so a worker reads exactly what the API read: the same store code, the same
 * `S3_*`/`AWS_*` settings from `env`. A URI naming one object is that file; otherwise every
 * object below it. Throws `INVALID_URI` for another scheme, `NOT_FOUND` when nothing is there.
 */
export async function openSourceFiles(
  uri: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SourceFiles> {
  if (!uri.startsWith('file:///') && !/^s3:\/\/[^/]+/.test(uri)) {
    throw new DatasetError(
      'INVALID_URI',
      `dataset URI "${uri}" must start with file:/// (an absolute path) or s3://<bucket>`,
    );
  }
  const trimmed = uri.replace(/\/+$/, '');
  const base = path.posix.basename(trimmed);
  const parent = trimmed.slice(0, trimmed.length - base.length - 1);
  // A bucket alone (or a filesystem root) has no parent store: it can only be a folder.
  if (/^(file:\/\/\/|s3:\/\/[^/]+)/.test(parent)) {
    const single = await storeAt(parent, env)
      .stat(base)
      .catch(() => undefined);
    if (single) return filesOf(uri, storeAt(parent, env), [base]);
  }
  const store = storeAt(trimmed, env);
  const keys = (await store.list()).map((info) => info.key);
  if (keys.length === 0) throw new DatasetError('NOT_FOUND', `no files at ${uri}`);
  return filesOf(uri, store, keys);
}

function storeAt(url: string, env: NodeJS.ProcessEnv): ArtifactStore {
  try {
    return createArtifactStore(url, env);
  } catch (error) {
    throw new DatasetError('INVALID_URI', (error as Error).message, { cause: error });
  }
}

function filesOf(uri: string, store: ArtifactStore, keys: string[]): SourceFiles {
  return {
    uri,
    keys: [...keys].sort(),
    // Streamed rather than `get`: a foreign file has no recorded checksum to verify against.
    read: async (key) => readAll(await store.getStream(key)),
    stream: (key) => store.getStream(key),
  };
}

async function readAll(stream: Readable): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * The one key of `files` whose base name is one of `names` (first name wins), or undefined.
 * Throws `DATASET_INVALID` when two keys have that base name (ambiguous).
 */
export function findFile(files: SourceFiles, names: readonly string[]): string | undefined {
  for (const name of names) {
    const hits = files.keys.filter((k) => path.posix.basename(k) === name);
    if (hits.length > 1)
      throw new DatasetError('DATASET_INVALID', `${files.uri}: ${hits.join(' and ')} both match`);
    if (hits[0] !== undefined) return hits[0];
  }
  return undefined;
}
