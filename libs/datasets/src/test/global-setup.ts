// Starts a real S3-compatible server (SeaweedFS, built from the Go module proxy on first
// use and cached) for the S3 half of the artifact-store contract suite.
import type { TestProject } from 'vitest/node';
import { startTestStack, type TestStackInfo } from '@morphsweep/devstack';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: TestStackInfo;
  }
}

export default async function setup(project: TestProject) {
  const { info, stop } = await startTestStack({ s3: true });
  project.provide('stack', info);
  return stop;
}
