import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Log } from './log';
import { spawnManaged } from './managed-process';
import { assertPortFree, freePort, waitFor } from './ports';
import { ensureWeed } from './tools';

/** A running SeaweedFS S3 gateway: a real S3-compatible server (Apache-2.0). */
export interface SeaweedS3 {
  /** `http://127.0.0.1:<port>`, for `S3_ENDPOINT` (path-style addressing). */
  readonly endpoint: string;
  readonly bucket: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  stop(): Promise<void>;
}

export interface SeaweedS3Options {
  /** The S3 port; every internal SeaweedFS port is chosen free automatically. */
  port: number;
  dataDir: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  log: Log;
}

/**
 * Starts `weed mini` (master, volume, filer and S3 gateway in one process) with its data
 * under `dataDir`, creates `bucket` and the given credentials, and resolves once the S3
 * endpoint answers. Extra gateways it offers (WebDAV, admin UI, Iceberg, Lance) stay off.
 */
export async function startSeaweedS3(options: SeaweedS3Options): Promise<SeaweedS3> {
  await assertPortFree(options.port, 'the S3 server', 'S3_PORT');
  const weed = await ensureWeed(options.log);
  mkdirSync(options.dataDir, { recursive: true });
  const internal = [
    'master.port',
    'master.port.grpc',
    'volume.port',
    'volume.port.grpc',
    'filer.port',
    'filer.port.grpc',
    's3.port.grpc',
    'admin.port',
    'admin.port.grpc',
  ];
  const args = [
    'mini',
    `-dir=${options.dataDir}`,
    '-ip=127.0.0.1',
    '-ip.bind=127.0.0.1',
    `-s3.port=${options.port}`,
    '-webdav=false',
    '-admin.ui=false',
    '-admin.port.legacy=0',
    '-s3.port.iceberg=0',
    '-s3.port.lance=0',
  ];
  for (const flag of internal) args.push(`-${flag}=${await freePort()}`);
  const child = await spawnManaged('weed', weed, args, {
    env: {
      ...process.env,
      AWS_ACCESS_KEY_ID: options.accessKeyId,
      AWS_SECRET_ACCESS_KEY: options.secretAccessKey,
      S3_BUCKET: options.bucket,
    },
    logFile: path.join(options.dataDir, 'weed.log'),
  });
  const endpoint = `http://127.0.0.1:${options.port}`;
  try {
    await Promise.race([
      // An unsigned request gets an S3 XML answer (403) once the gateway serves.
      waitFor(
        async () => (await fetch(endpoint)).status > 0,
        60_000,
        `SeaweedFS S3 at ${endpoint} did not answer`,
      ),
      child.exited.then((code) => {
        throw new Error(
          `SeaweedFS exited (${code}) while starting; see ${options.dataDir}/weed.log`,
        );
      }),
    ]);
  } catch (error) {
    await child.stop();
    throw error;
  }
  return {
    endpoint,
    bucket: options.bucket,
    accessKeyId: options.accessKeyId,
    secretAccessKey: options.secretAccessKey,
    stop: () => child.stop(),
  };
}
