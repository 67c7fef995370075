import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isLoopbackHost } from '../common/loopback-host';

/** What decides which `file:///` URIs the API may read: its host and `DATASET_FILE_ROOTS`. */
export interface DatasetFileAccess {
  API_HOST: string;
  /** Comma-separated absolute folders; unset: any folder, on a loopback-only API. */
  DATASET_FILE_ROOTS?: string | undefined;
}

/** The roots of `DATASET_FILE_ROOTS`, or the reason one of them is not usable. */
export function parseDatasetFileRoots(value: string): string[] {
  const roots = value
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const relative = roots.filter((r) => !path.isAbsolute(r));
  if (roots.length === 0 || relative.length > 0) {
    throw new Error(
      `must list absolute folders, comma-separated${relative.length ? `; not absolute: ${relative.join(', ')}` : ''}`,
    );
  }
  return roots.map((r) => path.resolve(r));
}

/**
 * Why the API must not read the dataset at `uri`, or null when it may. Registering reads every
 * file under the URI, so a `file:///` URI is a way to read the API host's disk: it must lie
 * inside `DATASET_FILE_ROOTS` (after resolving symbolic links) when those are set, and without
 * them only a loopback-only API (one user, on their own machine) reads local folders. `s3://`
 * URIs are bounded by the store's credentials and always allowed.
 */
export async function datasetFileRefusal(
  uri: string,
  access: DatasetFileAccess,
): Promise<string | null> {
  if (!uri.startsWith('file:')) return null;
  if (access.DATASET_FILE_ROOTS === undefined) {
    return isLoopbackHost(access.API_HOST)
      ? null
      : `file:/// datasets are off on an API listening on ${access.API_HOST}: set DATASET_FILE_ROOTS to the folders it may read, or register from s3://`;
  }
  const roots = parseDatasetFileRoots(access.DATASET_FILE_ROOTS);
  const target = fileURLToPath(uri);
  // Symbolic links resolved, so a link inside a root cannot point outside it; a path that does
  // not exist is left to the reader, which names it.
  const real = await realpath(target).catch(() => path.resolve(target));
  const inside = await Promise.all(
    roots.map(async (root) => {
      const realRoot = await realpath(root).catch(() => root);
      return real === realRoot || real.startsWith(realRoot + path.sep);
    }),
  );
  return inside.some(Boolean)
    ? null
    : `${target} is outside the folders this API may read (DATASET_FILE_ROOTS: ${roots.join(', ')})`;
}
