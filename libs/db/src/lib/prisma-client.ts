import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';

/** The generated client type, re-exported so callers never import generated paths. */
export type Db = PrismaClient;

/**
 * Opens a Prisma client on `databaseUrl` through the node-postgres driver adapter (Prisma 7
 * needs no native query engine this way). The caller owns it and calls `$disconnect()`.
 */
export function createDb(databaseUrl: string): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
}
