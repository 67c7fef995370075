import { readFile } from 'node:fs/promises';
import { usesTls, type TemporalSettings } from './temporal-settings';

/**
 * Connection options in the shape both `@temporalio/client`'s `Connection` and
 * `@temporalio/worker`'s `NativeConnection` take, so this library needs neither SDK package.
 */
export interface TemporalConnectionOptions {
  address: string;
  apiKey?: string;
  tls?: {
    serverNameOverride?: string;
    serverRootCACertificate?: Buffer;
    clientCertPair?: { crt: Buffer; key: Buffer };
  };
}

/** A TLS file named by a variable could not be read: a configuration error, not an outage. */
export class TemporalTlsFileError extends Error {
  override readonly name = 'TemporalTlsFileError';
}

async function readPem(variable: string, file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new TemporalTlsFileError(
      `${variable}: cannot read "${file}" (${(error as Error).message})`,
    );
  }
}

/**
 * The connection the settings describe: plain, TLS with the system's roots, mTLS with a client
 * certificate, a private server CA, and/or a Temporal Cloud API key. A TLS file that cannot be
 * read is a {@link TemporalTlsFileError} naming its variable.
 */
export async function temporalConnectionOptions(
  settings: TemporalSettings,
): Promise<TemporalConnectionOptions> {
  const options: TemporalConnectionOptions = { address: settings.TEMPORAL_ADDRESS };
  if (settings.TEMPORAL_API_KEY) options.apiKey = settings.TEMPORAL_API_KEY;
  if (!usesTls(settings)) return options;
  options.tls = {
    ...(settings.TEMPORAL_TLS_SERVER_NAME
      ? { serverNameOverride: settings.TEMPORAL_TLS_SERVER_NAME }
      : {}),
    ...(settings.TEMPORAL_TLS_CA
      ? { serverRootCACertificate: await readPem('TEMPORAL_TLS_CA', settings.TEMPORAL_TLS_CA) }
      : {}),
    ...(settings.TEMPORAL_TLS_CERT && settings.TEMPORAL_TLS_KEY
      ? {
          clientCertPair: {
            crt: await readPem('TEMPORAL_TLS_CERT', settings.TEMPORAL_TLS_CERT),
            key: await readPem('TEMPORAL_TLS_KEY', settings.TEMPORAL_TLS_KEY),
          },
        }
      : {}),
  };
  return options;
}

/** How the connection authenticates, for a start-up line (never the secrets themselves). */
export function describeTemporalSecurity(settings: TemporalSettings): string {
  if (!usesTls(settings)) return 'plaintext';
  const parts = ['TLS'];
  if (settings.TEMPORAL_TLS_CERT) parts.push('client certificate');
  if (settings.TEMPORAL_TLS_CA) parts.push('private CA');
  if (settings.TEMPORAL_API_KEY) parts.push('API key');
  return parts.join(' + ');
}
