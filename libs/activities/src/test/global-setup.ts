// Starts the PostgreSQL server the control-activity specs run against (Debian's package, or
// TEST_DATABASE_URL), as the repository suite does.
import type { TestProject } from 'vitest/node';
import { startTestStack } from '@morphsweep/devstack';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const stack = await startTestStack({ postgres: 'real' });
  project.provide('databaseUrl', stack.info.databaseUrl!);
  return () => stack.stop();
}
