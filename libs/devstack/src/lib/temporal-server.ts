import { lookup } from 'node:dns/promises';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import type { Log } from './log';
import { spawnManaged } from './managed-process';
import { assertPortFree, waitFor } from './ports';
import { cacheDir as defaultCacheDir } from './paths';
import { buildTemporalCli, findTemporalCli } from './tools';

/** A running Temporal dev server. */
export interface TemporalServer {
  /** gRPC address for clients and workers, e.g. 127.0.0.1:7233. */
  readonly address: string;
  /** Web UI URL, when the UI is on. */
  readonly uiUrl?: string;
  readonly pid?: number;
  stop(): Promise<void>;
}

export interface TemporalServerOptions {
  port: number;
  /** Web UI port; omit for a headless server. */
  uiPort?: number;
  /** SQLite file that keeps workflows across restarts; omit for an in-memory server. */
  dbFile?: string;
  logFile?: string;
  log: Log;
  env?: NodeJS.ProcessEnv;
}

/**
 * Starts `temporal server start-dev` on 127.0.0.1 and resolves once it answers gRPC.
 * The CLI comes from {@link findTemporalCli}; when there is none and Temporal's download site
 * is reachable, the SDK downloads and runs its own copy (cached); otherwise it is built with
 * Go. Throws `PortInUseError` when a port is taken, `ToolUnavailableError` when no way works.
 */
export async function startTemporalServer(options: TemporalServerOptions): Promise<TemporalServer> {
  const env = options.env ?? process.env;
  await assertPortFree(options.port, 'the Temporal server', 'TEMPORAL_PORT');
  if (options.uiPort !== undefined)
    await assertPortFree(options.uiPort, 'the Temporal UI', 'TEMPORAL_UI_PORT');
  if (options.dbFile) mkdirSync(path.dirname(options.dbFile), { recursive: true });

  let cli = findTemporalCli(env);
  if (!cli && (await downloadSiteReachable())) return startWithSdkDownload(options, env);
  cli ??= await buildTemporalCli(options.log, env);

  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--log-level',
    'warn',
  ];
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  if (options.uiPort === undefined) args.push('--headless');
  else args.push('--ui-port', String(options.uiPort));
  const child = await spawnManaged('temporal', cli, args, {
    env,
    ...(options.logFile ? { logFile: options.logFile } : {}),
  });
  const address = `127.0.0.1:${options.port}`;
  try {
    await Promise.race([
      waitUntilServing(address),
      child.exited.then((code) => {
        throw new Error(
          `the Temporal server exited (${code}) while starting; see ${options.logFile ?? 'its output'}`,
        );
      }),
    ]);
  } catch (error) {
    await child.stop();
    throw error;
  }
  return {
    address,
    pid: child.pid,
    ...(options.uiPort === undefined ? {} : { uiUrl: `http://127.0.0.1:${options.uiPort}` }),
    stop: () => child.stop(),
  };
}

/** Resolves once the frontend answers a system-info call (up to 60 s). */
export async function waitUntilServing(address: string, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    async () => {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return true;
      } finally {
        await connection.close();
      }
    },
    timeoutMs,
    `the Temporal server at ${address} did not answer`,
  );
}

async function downloadSiteReachable(): Promise<boolean> {
  const timeout = new Promise<boolean>((resolve) =>
    setTimeout(() => resolve(false), 3_000).unref(),
  );
  const dns = lookup('temporal.download').then(
    () => true,
    () => false,
  );
  return Promise.race([dns, timeout]);
}

// The SDK's own ephemeral-server support downloads the CLI into our cache and runs it.
async function startWithSdkDownload(
  options: TemporalServerOptions,
  env: NodeJS.ProcessEnv,
): Promise<TemporalServer> {
  options.log('no temporal CLI found; letting the Temporal SDK download one (cached)');
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const testEnv = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: {
        type: 'cached-download',
        downloadDir: path.join(defaultCacheDir(env), 'temporal-sdk'),
      },
      ip: '127.0.0.1',
      port: options.port,
      ...(options.dbFile ? { dbFilename: options.dbFile } : {}),
      ui: options.uiPort !== undefined,
      ...(options.uiPort === undefined ? {} : { uiPort: options.uiPort }),
    },
  });
  return {
    address: `127.0.0.1:${options.port}`,
    ...(options.uiPort === undefined ? {} : { uiUrl: `http://127.0.0.1:${options.uiPort}` }),
    stop: () => testEnv.teardown(),
  };
}
