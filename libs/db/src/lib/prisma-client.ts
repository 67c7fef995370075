import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';

/** The generated client type, re-exported so callers never import generated paths. */
export type Db = PrismaClient;

/** Options of {@link createDb}. */
export interface DbOptions {
  /** Size of the connection pool (node-postgres default 10). */
  maxConnections?: number;
  /** Called with the SQL of every query the client sends (to count queries in specs and benches). */
  onQuery?: (sql: string) => void;
}

/**
 * Opens a Prisma client on `databaseUrl` through the node-postgres driver adapter (Prisma 7
 * needs no native query engine this way). The caller owns it and calls `$disconnect()`.
 */
export function createDb(databaseUrl: string, options: DbOptions = {}): Db {
  const pool = options.maxConnections === undefined ? {} : { max: options.maxConnections };
  const adapter = new PrismaPg({ connectionString: databaseUrl, ...pool });
  const { onQuery } = options;
  if (!onQuery) return new PrismaClient({ adapter });
  const db = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
  db.$on('query', (event) => onQuery(event.query));
  return db as unknown as Db;
}
