// The API's end-to-end tests run against a real Temporal dev server and a real Postgres.
import type { TestProject } from 'vitest/node';
import { applyMigrations } from '@morphsweep/db';
import { startTestStack, type TestStackInfo } from '@morphsweep/devstack';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: TestStackInfo;
  }
}

export default async function setup(project: TestProject) {
  const { info, stop } = await startTestStack({ temporal: true, postgres: 'embedded' });
  await applyMigrations(info.databaseUrl!);
  project.provide('stack', info);
  return stop;
}
