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
 * its own connection; {@link wholeBatches} keeps each extended-protocol batch whole too, so
 * concurrent clients stay isolated. Throws `PortInUseError`.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgres> {
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
  const server = new PGLiteSocketServer({
    db: wholeBatches(db),
    port: options.port,
    host: '127.0.0.1',
    maxConnections: MAX_CONNECTIONS,
  });
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

// Frontend message types (first byte) of the extended query protocol, and the ones that
// end a batch: Sync, a simple Query, Terminate.
const EXTENDED_MESSAGES = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((c) => c.charCodeAt(0)));
const BATCH_ENDS = new Set(['S', 'Q', 'X'].map((c) => c.charCodeAt(0)));

type PGliteLike = {
  isInTransaction(): boolean;
  execProtocolRawStream(message: Uint8Array, options?: object): Promise<void>;
  exec(query: string, options?: object): Promise<unknown>;
};

/**
 * pglite-socket runs every connection's messages on PGlite's one backend in arrival order,
 * one message at a time, and keeps a connection's messages together only while PGlite is
 * inside an explicit transaction. But the extended protocol sends Parse, Bind, Execute and
 * Sync as separate messages, so another connection's statement could run between them and
 * replace the unnamed statement a Bind refers to ("unnamed prepared statement does not
 * exist", "bind message supplies 2 parameters, but prepared statement requires 3" — or,
 * with matching parameter counts, a silently wrong write). This view of the database
 * reports itself "in a transaction" from a batch's first message to its Sync, which makes
 * the socket server's queue keep serving that connection until the batch is complete. The
 * queue's ROLLBACK for a client that left mid-batch (`exec`) closes the batch.
 */
export function wholeBatches<T extends PGliteLike>(db: T): T {
  let batchOpen = false;
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'isInTransaction') return () => batchOpen || target.isInTransaction();
      if (prop === 'execProtocolRawStream') {
        return async (message: Uint8Array, options?: object) => {
          const type = message[0] ?? 0;
          try {
            await target.execProtocolRawStream(message, options);
          } finally {
            if (EXTENDED_MESSAGES.has(type)) batchOpen = true;
            else if (BATCH_ENDS.has(type)) batchOpen = false;
          }
        };
      }
      if (prop === 'exec') {
        return (query: string, options?: object) => {
          batchOpen = false;
          return target.exec(query, options);
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function'
        ? (value as (...args: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}
