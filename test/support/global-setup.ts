// The external services a user may point MorphSweep at: a real PostgreSQL and a real
// S3-compatible server (SeaweedFS).
import type { TestProject } from 'vitest/node';
import { startTestStack, type TestStackInfo } from '@morphsweep/devstack';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: TestStackInfo;
  }
}

export default async function setup(project: TestProject) {
  const { info, stop } = await startTestStack({ postgres: 'real', s3: true });
  project.provide('stack', info);
  return stop;
}
