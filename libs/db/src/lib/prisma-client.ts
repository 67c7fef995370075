import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';

/** The generated client type, re-exported so callers never import generated paths. */
export type Db = PrismaClient;

/** Options of {@link createDb}. */
export interface DbOptions {
  /** Size of the connection pool (node-postgres default 10). */
  maxConnections?: number;
}

/**
 * Opens a Prisma client on `databaseUrl` through the node-postgres driver adapter (Prisma 7
 * needs no native query engine this way). The caller owns it and calls `$disconnect()`.
 */
export function createDb(databaseUrl: string, options: DbOptions = {}): Db {
  const pool = options.maxConnections === undefined ? {} : { max: options.maxConnections };
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, ...pool }) });
}
