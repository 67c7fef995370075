import path from 'node:path';
import type { ArtifactStore } from './artifact-store';
import { LocalArtifactStore } from './local-artifact-store';
import { S3ArtifactStore } from './s3-artifact-store';
import { StorageError } from './storage.error';

/** The default when `ARTIFACTS_URL` is unset: a folder under the working directory. */
export const DEFAULT_ARTIFACTS_URL = 'file://.data/artifacts';

/**
 * Opens the store named by `url`:
 * - `file://<dir>`: a local directory (relative paths resolve against `baseDir`);
 * - `s3://<bucket>[/<prefix>]`: S3, with `S3_ENDPOINT` (any S3-compatible server; path-style
 *   addressing unless `S3_FORCE_PATH_STYLE=false`), `S3_REGION` (default us-east-1) and the
 *   standard AWS credential variables (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, …).
 * Throws `StorageError` INVALID_URL for anything else.
 */
export function createArtifactStore(
  url: string,
  env: NodeJS.ProcessEnv = process.env,
  baseDir: string = process.cwd(),
): ArtifactStore {
  if (url.startsWith('file://')) {
    const dir = decodeURIComponent(url.slice('file://'.length));
    if (!dir) throw new StorageError('INVALID_URL', `ARTIFACTS_URL "${url}" names no directory`);
    return new LocalArtifactStore(path.resolve(baseDir, dir));
  }
  if (url.startsWith('s3://')) {
    const [bucket = '', ...rest] = url.slice('s3://'.length).split('/');
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
      throw new StorageError(
        'INVALID_URL',
        `ARTIFACTS_URL "${url}": "${bucket}" is not a valid S3 bucket name`,
      );
    }
    const endpoint = env['S3_ENDPOINT'];
    const pathStyle = env['S3_FORCE_PATH_STYLE']
      ? env['S3_FORCE_PATH_STYLE'] !== 'false'
      : endpoint !== undefined;
    return new S3ArtifactStore({
      bucket,
      prefix: rest.filter(Boolean).join('/'),
      client: {
        region: env['S3_REGION'] ?? env['AWS_REGION'] ?? 'us-east-1',
        forcePathStyle: pathStyle,
        ...(endpoint ? { endpoint } : {}),
        ...credentialsFrom(env),
      },
    });
  }
  throw new StorageError('INVALID_URL', `ARTIFACTS_URL "${url}" must start with file:// or s3://`);
}

// Static keys from `env` when present; otherwise the SDK's default chain (profiles, roles…).
function credentialsFrom(env: NodeJS.ProcessEnv) {
  const accessKeyId = env['AWS_ACCESS_KEY_ID'];
  const secretAccessKey = env['AWS_SECRET_ACCESS_KEY'];
  if (!accessKeyId || !secretAccessKey) return {};
  const sessionToken = env['AWS_SESSION_TOKEN'];
  return {
    credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
  };
}
