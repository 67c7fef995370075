import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';
import type { Db } from '@morphsweep/db';
import type { ArtifactStore } from '@morphsweep/storage';

/** A dependency the worker could not use at start; the message names its variable. */
export class DependencyError extends Error {
  override readonly name = 'DependencyError';
}

function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

// A blackholed address makes a connect hang far longer than an operator should wait.
async function within<T>(ms: number, what: string, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms (${what})`)), ms);
  });
  try {
    return await Promise.race([work(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** `postgresql://user:***@host:port/db`: the URL without its password, for logs and errors. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * Connects to Temporal and checks the namespace exists and this identity may use it (so a
 * wrong namespace, certificate or API key stops the worker now, not at its first poll).
 */
export async function connectTemporal(
  options: NativeConnectionOptions,
  namespace: string,
  timeoutMs: number,
): Promise<NativeConnection> {
  let connection: NativeConnection;
  try {
    connection = await within(timeoutMs, 'WORKER_CONNECT_TIMEOUT_MS', () =>
      NativeConnection.connect(options),
    );
  } catch (error) {
    throw new DependencyError(
      `cannot reach Temporal at ${options.address} (TEMPORAL_ADDRESS; TLS and credentials from TEMPORAL_TLS_*, TEMPORAL_API_KEY): ${reason(error)}`,
    );
  }
  try {
    await within(timeoutMs, 'WORKER_CONNECT_TIMEOUT_MS', () =>
      connection.workflowService.describeNamespace({ namespace }),
    );
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw new DependencyError(
      `Temporal at ${options.address} refused namespace "${namespace}" (TEMPORAL_NAMESPACE, or the credentials in TEMPORAL_TLS_* / TEMPORAL_API_KEY): ${reason(error)}`,
    );
  }
  return connection;
}

/** Runs one query, so an unreachable database or a wrong password stops the worker now. */
export async function checkDatabase(db: Db, url: string, timeoutMs: number): Promise<void> {
  try {
    await within(timeoutMs, 'WORKER_CONNECT_TIMEOUT_MS', () => db.$queryRaw`SELECT 1`);
  } catch (error) {
    throw new DependencyError(
      `cannot reach Postgres at ${redactUrl(url)} (DATABASE_URL): ${reason(error)}`,
    );
  }
}

/** Checks the artifact store answers (the S3 bucket exists and the credentials may use it). */
export async function checkArtifactStore(store: ArtifactStore, timeoutMs: number): Promise<void> {
  try {
    await within(timeoutMs, 'WORKER_CONNECT_TIMEOUT_MS', () => store.check());
  } catch (error) {
    const s3 = store.url.startsWith('s3://') ? '; S3_ENDPOINT, AWS_ACCESS_KEY_ID, …' : '';
    throw new DependencyError(
      `cannot use the artifact store ${store.url} (ARTIFACTS_URL${s3}): ${reason(error)}`,
    );
  }
}
