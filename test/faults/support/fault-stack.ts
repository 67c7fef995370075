import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { SweepResponse } from '@morphsweep/contracts';
import { createDb, type Db } from '@morphsweep/db';
import {
  freePort,
  startPostgresServer,
  startTemporalServer,
  silentLog,
  type PostgresServer,
  type TemporalServer,
} from '@morphsweep/devstack';
import { portsEnv, runUp, type UpProcess } from '../../support/run-up';

/**
 * `morphsweep up` (API and supervised worker, as `npm start` runs them) against a real
 * PostgreSQL and a Temporal dev server that the suite owns, so it can stop and restart them
 * under the running product: the database on the same port and cluster, Temporal on the same
 * port and SQLite file (`--db-filename`).
 */
export interface FaultStack {
  readonly up: UpProcess;
  /** The suite's own client of the database, for counting rows. */
  readonly db: Db;
  readonly temporal: Client;
  readonly pg: PostgresServer;
  /** Stops the Temporal dev server and starts it again on the same port and file. */
  restartTemporal(downMs: number): Promise<void>;
  /** PID of the worker process `up` runs now (undefined while it restarts). */
  workerPid(): number | undefined;
  /** POST /api/sweeps; the sweep's id. */
  submit(spec: unknown): Promise<string>;
  /** GET /api/sweeps/:id (null while the API cannot answer). */
  sweep(id: string): Promise<SweepResponse | null>;
  stop(): Promise<void>;
}

const workerMain = path.join('apps', 'worker', 'dist', 'main.js');

export async function startFaultStack(): Promise<FaultStack> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'morphsweep-faults-'));
  const pg = await startPostgresServer(await freePort());
  const temporalOptions = {
    port: await freePort(),
    dbFile: path.join(dir, 'temporal.db'),
    logFile: path.join(dir, 'temporal.log'),
    log: silentLog,
  };
  let temporalServer: TemporalServer = await startTemporalServer(temporalOptions);
  const up = await runUp({
    ...(await portsEnv()),
    MORPHSWEEP_DATA_DIR: path.join(dir, 'data'),
    DATABASE_URL: pg.url,
    TEMPORAL_ADDRESS: temporalServer.address,
    // A SIGKILLed worker's run is retried once its heartbeat times out: 15 s instead of the
    // default 60 s (the worker heartbeats every 5 s), so the kill test does not wait a minute.
    TRAINING_HEARTBEAT_TIMEOUT_S: '15',
  });
  const db = createDb(pg.url, { maxConnections: 2 });
  const connection = await Connection.connect({ address: temporalServer.address });
  const api = (p: string, init?: RequestInit) => fetch(`${up.url}/api${p}`, init);

  return {
    up,
    db,
    pg,
    temporal: new Client({ connection }),
    async restartTemporal(downMs) {
      await temporalServer.stop();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      temporalServer = await startTemporalServer(temporalOptions);
    },
    workerPid() {
      const workers = execFileSync('ps', ['-eo', 'pid=,args='])
        .toString()
        .split('\n')
        .filter((line) => line.includes(workerMain))
        .map((line) => Number(line.trim().split(/\s+/)[0]));
      return up.descendants().find((pid) => workers.includes(pid));
    },
    async submit(spec) {
      const res = await api('/sweeps', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(spec),
      });
      const body = (await res.json()) as { id: string };
      if (res.status !== 201) throw new Error(`submit: ${res.status} ${JSON.stringify(body)}`);
      return body.id;
    },
    async sweep(id) {
      const res = await api(`/sweeps/${id}`).catch(() => undefined);
      return res?.ok ? ((await res.json()) as SweepResponse) : null;
    },
    async stop() {
      await up.interrupt();
      await connection.close();
      await db.$disconnect();
      await temporalServer.stop();
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
