import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Log } from './log';
import { assertPortFree } from './ports';

/** A running embedded Postgres. */
export interface EmbeddedPostgres {
  /** A `postgresql://` URL any Postgres client (Prisma, psql) can use. */
  readonly url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  port: number;
  /** Data directory that persists across restarts; omit for an in-memory database. */
  dataDir?: string;
  log: Log;
}

// Enough for the API's and the worker's connection pools together.
const MAX_CONNECTIONS = 32;

/**
 * Runs PGlite (Postgres compiled to WebAssembly) in this process behind its Postgres
 * wire-protocol server on 127.0.0.1, so the rest of the stack talks to it like to any
 * Postgres. The socket server serialises queries and keeps a transaction's statements on
 * its own connection, so concurrent clients stay isolated. Throws `PortInUseError`.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  await assertPortFree(options.port, 'the embedded Postgres', 'POSTGRES_PORT');
  const [{ PGlite }, { PGLiteSocketServer }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite-socket'),
  ]);
  if (options.dataDir) {
    const fresh = !existsSync(path.join(options.dataDir, 'PG_VERSION'));
    mkdirSync(options.dataDir, { recursive: true });
    options.log(
      fresh
        ? `creating the embedded Postgres in ${options.dataDir} (first time: ~5 s)`
        : `opening the embedded Postgres in ${options.dataDir}`,
    );
  }
  const db = await PGlite.create(options.dataDir ?? 'memory://');
  const server = new PGLiteSocketServer({ db, port: options.port, host: '127.0.0.1', maxConnections: MAX_CONNECTIONS });
  await server.start();
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${options.port}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      // Closing flushes the data directory; the next start finds the same data.
      await db.close();
    },
  };
}
