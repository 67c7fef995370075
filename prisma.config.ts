// Prisma CLI configuration (Prisma 7 reads no .env by itself).
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  // `prisma migrate deploy` on a machine with Prisma's native engine uses this; MorphSweep
  // itself applies migrations with libs/db's runner and never needs it.
  datasource: { url: process.env['DATABASE_URL'] ?? '' },
});
