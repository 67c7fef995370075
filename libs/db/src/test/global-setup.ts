// Starts the two Postgres servers the repository contract suite runs against: the real
// PostgreSQL (Debian's package, or TEST_DATABASE_URL) and the embedded PGlite one.
import type { TestProject } from 'vitest/node';
import { startTestStack } from '@morphsweep/devstack';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrls: { postgres: string; embedded: string };
  }
}

export default async function setup(project: TestProject) {
  const real = await startTestStack({ postgres: 'real' });
  const embedded = await startTestStack({ postgres: 'embedded' });
  project.provide('databaseUrls', {
    postgres: real.info.databaseUrl!,
    embedded: embedded.info.databaseUrl!,
  });
  return async () => {
    await embedded.stop();
    await real.stop();
  };
}
