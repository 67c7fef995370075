import { readFile } from 'node:fs/promises';
import type { NativeConnectionOptions } from '@temporalio/worker';
import { ConfigError, usesTls, type WorkerConfig } from './worker.config';

type TemporalSettings = Pick<
  WorkerConfig,
  | 'TEMPORAL_ADDRESS'
  | 'TEMPORAL_TLS'
  | 'TEMPORAL_TLS_CERT'
  | 'TEMPORAL_TLS_KEY'
  | 'TEMPORAL_TLS_CA'
  | 'TEMPORAL_TLS_SERVER_NAME'
  | 'TEMPORAL_API_KEY'
>;

async function readPem(variable: string, file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new ConfigError(`${variable}: cannot read "${file}" (${(error as Error).message})`);
  }
}

/**
 * The Temporal connection the settings describe: plain, TLS with the system's roots, mTLS
 * with a client certificate, a private server CA, and/or a Temporal Cloud API key. A TLS file
 * that cannot be read is an error naming its variable.
 */
export async function temporalConnectionOptions(
  config: TemporalSettings,
): Promise<NativeConnectionOptions> {
  const options: NativeConnectionOptions = { address: config.TEMPORAL_ADDRESS };
  if (config.TEMPORAL_API_KEY) options.apiKey = config.TEMPORAL_API_KEY;
  if (!usesTls(config)) return options;
  options.tls = {
    ...(config.TEMPORAL_TLS_SERVER_NAME
      ? { serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME }
      : {}),
    ...(config.TEMPORAL_TLS_CA
      ? { serverRootCACertificate: await readPem('TEMPORAL_TLS_CA', config.TEMPORAL_TLS_CA) }
      : {}),
    ...(config.TEMPORAL_TLS_CERT && config.TEMPORAL_TLS_KEY
      ? {
          clientCertPair: {
            crt: await readPem('TEMPORAL_TLS_CERT', config.TEMPORAL_TLS_CERT),
            key: await readPem('TEMPORAL_TLS_KEY', config.TEMPORAL_TLS_KEY),
          },
        }
      : {}),
  };
  return options;
}

/** How the connection authenticates, for the start-up line (never the secrets themselves). */
export function describeTemporalSecurity(config: TemporalSettings): string {
  if (!usesTls(config)) return 'plaintext';
  const parts = ['TLS'];
  if (config.TEMPORAL_TLS_CERT) parts.push('client certificate');
  if (config.TEMPORAL_TLS_CA) parts.push('private CA');
  if (config.TEMPORAL_API_KEY) parts.push('API key');
  return parts.join(' + ');
}
