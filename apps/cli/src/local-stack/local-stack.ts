import path from 'node:path';
import { applyMigrations } from '@morphsweep/db';
import {
  assertPortFree,
  spawnManaged,
  startEmbeddedPostgres,
  startTemporalServer,
  waitFor,
  workspaceRoot,
  type Log,
} from '@morphsweep/devstack';
import { createArtifactStore } from '@morphsweep/storage';
import type { LocalStackConfig } from './local-stack.config';
import { superviseProcess } from './supervised-process';

/** What `morphsweep up` is running. */
export interface LocalStack {
  readonly apiUrl: string;
  readonly temporalUiUrl?: string;
  /**
   * Resolves when the API exits on its own (the stack is then unusable). The worker is not
   * in it: it is restarted with backoff when it exits (`superviseProcess`).
   */
  readonly failed: Promise<string>;
  /** Stops everything this stack started, newest first; data stays on disk. */
  stop(): Promise<void>;
}

/**
 * Starts Temporal, Postgres and the artifact store (each unless configured to an external
 * one), applies migrations, then the API, and resolves once `/api/health` reports all up.
 * Then one worker serving every task queue, supervised: restarted with backoff whenever it
 * exits. If any step fails, or `signal` aborts (Ctrl-C during start-up), what was already
 * started is stopped before the error (the signal's reason) propagates.
 */
export async function startLocalStack(
  config: LocalStackConfig,
  log: Log,
  signal?: AbortSignal,
): Promise<LocalStack> {
  const stops: Array<() => Promise<void>> = [];
  const exits: Array<Promise<string>> = [];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s().catch(() => undefined);
  };
  // Checked after every step: a step in progress finishes (and is then stopped with the rest).
  const step = <T>(value: T): T => {
    signal?.throwIfAborted();
    return value;
  };
  try {
    step(undefined);
    await assertPortFree(config.API_PORT, 'the API', 'API_PORT');
    const temporal = step(await startTemporal(config, log, stops));
    const databaseUrl = step(await startDatabase(config, log, stops));
    log('applying database migrations');
    const migrated = await applyMigrations(databaseUrl);
    if (migrated.applied.length > 0) log(`  applied ${migrated.applied.join(', ')}`);

    const artifactsUrl = config.ARTIFACTS_URL ?? `file://${path.join(config.dataDir, 'artifacts')}`;
    step(await createArtifactStore(artifactsUrl).check());
    log(`artifacts: ${artifactsUrl}`);

    const serviceEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      ARTIFACTS_URL: artifactsUrl,
      // The embedded Postgres runs one statement at a time on one backend; more connections
      // per process would only queue (see docs/operations.md).
      ...(config.DATABASE_URL ? {} : { DATABASE_POOL_MAX: '1' }),
    };
    const api = await spawnManaged('api', process.execPath, [appMain('api')], {
      env: { ...serviceEnv, API_HOST: config.API_HOST, API_PORT: String(config.API_PORT) },
      logFile: path.join(config.dataDir, 'logs', 'api.log'),
    });
    stops.push(() => api.stop());
    exits.push(api.exited.then((code) => `the API exited (${code})`));
    step(undefined);
    const worker = await superviseProcess(
      'the worker',
      () =>
        spawnManaged('worker', process.execPath, [appMain('worker')], {
          env: serviceEnv,
          logFile: path.join(config.dataDir, 'logs', 'worker.log'),
          echo: true,
        }),
      { log },
    );
    stops.push(() => worker.stop(30_000));
    const apiUrl = `http://${config.API_HOST}:${config.API_PORT}`;
    await Promise.race([
      waitFor(
        async () => (await fetch(`${apiUrl}/api/health`)).ok,
        60_000,
        'the API did not report healthy',
      ),
      Promise.race(exits).then((why) => Promise.reject(new Error(why))),
      ...(signal ? [abortedWith(signal)] : []),
    ]);
    step(undefined);
    return {
      apiUrl,
      ...(temporal.uiUrl ? { temporalUiUrl: temporal.uiUrl } : {}),
      failed: Promise.race(exits),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

// Rejects with the signal's reason once it aborts.
function abortedWith(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

function appMain(app: 'api' | 'worker'): string {
  return path.join(workspaceRoot(), 'apps', app, 'dist', 'main.js');
}

async function startTemporal(
  config: LocalStackConfig,
  log: Log,
  stops: Array<() => Promise<void>>,
) {
  if (config.TEMPORAL_ADDRESS) {
    log(`temporal: using ${config.TEMPORAL_ADDRESS}`);
    return { address: config.TEMPORAL_ADDRESS, uiUrl: undefined };
  }
  log(`starting the Temporal dev server on 127.0.0.1:${config.TEMPORAL_PORT}`);
  const temporal = await startTemporalServer({
    port: config.TEMPORAL_PORT,
    uiPort: config.TEMPORAL_UI_PORT,
    dbFile: path.join(config.dataDir, 'temporal', 'temporal.db'),
    logFile: path.join(config.dataDir, 'logs', 'temporal.log'),
    log,
  });
  stops.push(() => temporal.stop());
  return temporal;
}

async function startDatabase(
  config: LocalStackConfig,
  log: Log,
  stops: Array<() => Promise<void>>,
) {
  if (config.DATABASE_URL) {
    log('database: using DATABASE_URL');
    return config.DATABASE_URL;
  }
  const pg = await startEmbeddedPostgres({
    port: config.POSTGRES_PORT,
    dataDir: path.join(config.dataDir, 'postgres'),
    log,
  });
  stops.push(() => pg.stop());
  log(`embedded Postgres on ${pg.url}`);
  return pg.url;
}
