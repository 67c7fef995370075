// Real servers for the worker's integration tests: a Temporal dev server and an embedded
// Postgres with the migrations applied. The workflow bundle is built once for every file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startTestStack, type TestStackInfo } from '@morphsweep/devstack';
import { applyMigrations } from '@morphsweep/db';
import { bundleWorkflows } from '../worker-set';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: TestStackInfo;
    workflowBundlePath: string;
  }
}

export default async function setup(project: TestProject) {
  const { info, stop } = await startTestStack({ temporal: true, postgres: 'embedded' });
  await applyMigrations(info.databaseUrl!);
  const bundle = (await bundleWorkflows()) as { code: string };
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'morphsweep-bundle-')), 'workflows.js');
  writeFileSync(file, bundle.code);
  project.provide('stack', info);
  project.provide('workflowBundlePath', file);
  return stop;
}
