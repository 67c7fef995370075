// A MorphSweep deployment spread over "hosts" on this machine, for the cluster test: the
// Temporal dev server, a fresh database on the real PostgreSQL, a prefix of the S3 server
// (both from the e2e global setup), the API as its own process, and workers started with
// `morphsweep worker`, each in its own working, home and cache directory, so nothing but
// Temporal, Postgres and S3 is shared between them.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { descendantsOf } from '../support/run-up';
import { applyMigrations, createDb, type Db } from '@morphsweep/db';
import {
  consoleLog,
  freePort,
  spawnManaged,
  startTemporalServer,
  waitFor,
  workspaceRoot,
  type ManagedProcess,
} from '@morphsweep/devstack';

const cliMain = () => path.join(workspaceRoot(), 'apps', 'cli', 'dist', 'main.js');

export const API_TOKEN = 'cluster-test-token-0123456789';

export interface ServiceEnv {
  [name: string]: string;
  TEMPORAL_ADDRESS: string;
  DATABASE_URL: string;
  ARTIFACTS_URL: string;
}

export interface Cluster {
  dir: string;
  apiUrl: string;
  databaseUrl: string;
  db: Db;
  /** What every process needs to reach the shared services (and nothing else). */
  serviceEnv: ServiceEnv;
  /** Stops the API and starts it again on the same port (a deploy, a crash). */
  restartApi(): Promise<void>;
  stop(): Promise<void>;
}

/** A fresh database on the real PostgreSQL server, migrated. */
async function freshDatabase(serverUrl: string): Promise<string> {
  const name = `cluster_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = createDb(serverUrl, { maxConnections: 1 });
  await admin.$executeRawUnsafe(`CREATE DATABASE ${name}`);
  await admin.$disconnect();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString());
  return url.toString();
}

export async function startCluster(): Promise<Cluster> {
  const stack = inject('stack');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'morphsweep-cluster-'));
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s().catch(() => undefined);
  };
  try {
    const temporal = await startTemporalServer({ port: await freePort(), log: consoleLog });
    stops.push(() => temporal.stop());
    const databaseUrl = await freshDatabase(stack.databaseUrl!);
    const s3 = stack.s3!;
    const serviceEnv: ServiceEnv = {
      TEMPORAL_ADDRESS: temporal.address,
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_MAX: '2',
      ARTIFACTS_URL: `s3://${s3.bucket}/cluster-${randomUUID()}`,
      S3_ENDPOINT: s3.endpoint,
      AWS_ACCESS_KEY_ID: s3.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
    };
    const port = await freePort();
    const apiUrl = `http://127.0.0.1:${port}`;
    let api: ManagedProcess | undefined;
    const startApi = async () => {
      api = await spawnManaged(
        'api',
        process.execPath,
        [path.join(workspaceRoot(), 'apps', 'api', 'dist', 'main.js')],
        {
          cwd: workspaceRoot(),
          env: {
            PATH: process.env['PATH'] ?? '',
            ...serviceEnv,
            API_PORT: String(port),
            API_TOKEN,
            PROMOTE_TIMEOUT_MS: '60000',
            // A SIGKILLed host's run is retried once its heartbeat times out (default 60 s).
            // 20 s: the kill test restarts this API while the run waits, and the restart must
            // finish before the run resumes elsewhere and the sweep ends.
            TRAINING_HEARTBEAT_TIMEOUT_S: '20',
          },
          logFile: path.join(dir, 'api.log'),
        },
      );
      await waitFor(
        async () => (await fetch(`${apiUrl}/api/health`).catch(() => undefined))?.ok === true,
        60_000,
        `the API did not report healthy (see ${dir}/api.log)`,
      );
    };
    stops.push(async () => api?.stop());
    await startApi();
    const db = createDb(databaseUrl, { maxConnections: 2 });
    stops.push(() => db.$disconnect());
    const restartApi = async () => {
      await api?.stop();
      await startApi();
    };
    return { dir, apiUrl, databaseUrl, db, serviceEnv, restartApi, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A `morphsweep worker` on its own "host": its own working, home and cache directories. */
export interface HostWorker {
  name: string;
  hostDir: string;
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  /** Every process of the host (the CLI and the worker it runs), for a SIGKILL of the host. */
  pids(): number[];
}

export async function startHostWorker(
  cluster: Cluster,
  name: string,
  args: string[],
): Promise<HostWorker> {
  const hostDir = path.join(cluster.dir, name);
  for (const sub of ['work', 'home', 'cache'])
    mkdirSync(path.join(hostDir, sub), { recursive: true });
  const child = spawn(process.execPath, [cliMain(), 'worker', ...args], {
    cwd: path.join(hostDir, 'work'),
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: path.join(hostDir, 'home'),
      MORPHSWEEP_CACHE_DIR: path.join(hostDir, 'cache'),
      ...cluster.serviceEnv,
      WORKER_IDENTITY: name,
      // One thread each: three hosts share two cores.
      MORPHSWEEP_BACKEND: 'wasm',
      MORPHSWEEP_WASM_THREADS: '1',
      WORKER_SHUTDOWN_GRACE_MS: '5000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const worker: HostWorker = {
    name,
    hostDir,
    child,
    output: () => output,
    exited,
    pids: () => [child.pid!, ...descendantsOf(child.pid!)],
  };
  await Promise.race([
    waitFor(
      async () => /worker \S+ serving/.test(output),
      90_000,
      `${name} did not start:\n${output}`,
    ),
    exited.then((code) => Promise.reject(new Error(`${name} exited (${code}):\n${output}`))),
  ]);
  return worker;
}

/** SIGTERM, then SIGKILL of the whole host if it has not exited after `graceMs`. */
export async function stopHostWorker(worker: HostWorker, graceMs = 30_000): Promise<number | null> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null)
    return worker.child.exitCode;
  worker.child.kill('SIGTERM');
  const timer = setTimeout(() => killHost(worker), graceMs);
  const code = await worker.exited;
  clearTimeout(timer);
  return code;
}

/** SIGKILL of every process of the host: a machine lost mid-training. */
export function killHost(worker: HostWorker): void {
  for (const pid of worker.pids()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** One `morphsweep` command against the cluster's API, as a user on another machine runs it. */
export function cli(
  cluster: Cluster,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cliMain(), ...args],
      {
        cwd: cluster.dir,
        env: {
          PATH: process.env['PATH'] ?? '',
          MORPHSWEEP_API_URL: cluster.apiUrl,
          MORPHSWEEP_API_TOKEN: API_TOKEN,
          ...env,
        },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
