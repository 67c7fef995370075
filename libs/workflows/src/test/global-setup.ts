// A real Temporal dev server for the workflow tests, and the workflow bundle built once from
// the TypeScript source for every file (the same bundle a worker of this checkout would run).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { startTestStack } from '@morphsweep/devstack';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    workflowBundlePath: string;
  }
}

export default async function setup(project: TestProject) {
  const [{ info, stop }, bundle] = await Promise.all([
    startTestStack({ temporal: true }),
    bundleWorkflowCode({
      workflowsPath: path.join(__dirname, '..', 'workflows.ts'),
      // Workspace packages export their source under this condition; the bundler compiles it.
      webpackConfigHook: (config) => {
        config.resolve = {
          ...config.resolve,
          conditionNames: ['@morphsweep/source', 'require', 'node', 'default'],
        };
        return config;
      },
      logger: {
        trace() {},
        debug() {},
        info() {},
        warn: console.warn,
        error: console.error,
        log() {},
      },
    }),
  ]);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'morphsweep-workflows-bundle-'));
  const file = path.join(dir, 'workflows.js');
  writeFileSync(file, bundle.code);
  project.provide('temporalAddress', info.temporalAddress!);
  project.provide('workflowBundlePath', file);
  return async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
