// Starts a real S3-compatible server (SeaweedFS, built from the Go module proxy on first
// use and cached) for the S3 half of the artifact-store contract suite.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { consoleLog, freePort, startSeaweedS3 } from '@morphsweep/devstack';

declare module 'vitest' {
  export interface ProvidedContext {
    s3: { endpoint: string; bucket: string; accessKeyId: string; secretAccessKey: string };
  }
}

export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'morphsweep-s3-'));
  const s3 = await startSeaweedS3({
    port: await freePort(),
    dataDir,
    bucket: 'morphsweep-test',
    accessKeyId: 'morphsweep',
    secretAccessKey: 'morphsweep-secret',
    log: consoleLog,
  });
  const { stop, ...info } = s3;
  project.provide('s3', info);
  return async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
