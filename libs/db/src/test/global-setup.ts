// Starts the two Postgres servers the repository contract suite runs against: the real
// PostgreSQL (Debian's package; or TEST_DATABASE_URL) and the embedded PGlite one.
import type { TestProject } from 'vitest/node';
import { freePort, startEmbeddedPostgres, startPostgresServer, silentLog } from '@morphsweep/devstack';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrls: { postgres: string; embedded: string };
  }
}

export default async function setup(project: TestProject) {
  const real = process.env['TEST_DATABASE_URL']
    ? { url: process.env['TEST_DATABASE_URL'], stop: async () => undefined }
    : await startPostgresServer(await freePort());
  const embedded = await startEmbeddedPostgres({ port: await freePort(), log: silentLog });
  project.provide('databaseUrls', { postgres: real.url, embedded: embedded.url });
  return async () => {
    await embedded.stop();
    await real.stop();
  };
}
