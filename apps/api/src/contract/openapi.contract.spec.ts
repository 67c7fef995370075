import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { retrainingWorkflowId } from '@morphsweep/contracts';
import {
  createDb,
  RetrainingRepository,
  RunMetricRepository,
  RunRepository,
  type Db,
} from '@morphsweep/db';
import { consoleLog, ensureSchemathesis } from '@morphsweep/devstack';
import { sweepSpec } from '../test/fixtures';
import { serveApi } from '../test/serve-api';

// The API against its own OpenAPI document: schemathesis generates requests from the
// document (valid ones and broken ones) and checks every answer with all of its checks:
// no server errors, only documented statuses, content types and bodies, invalid input
// refused, valid input accepted, missing token refused, 405 for undocumented methods. The
// API runs on the real stack (Postgres, Temporal) with API_TOKEN set, as a deployment does.
const TOKEN = 'contract-test-token-0123456789abcdef';
const CONFIG = path.join(__dirname, 'schemathesis.toml');

describe('the API honours its OpenAPI document (schemathesis, all checks)', () => {
  let app: INestApplication;
  let url: string;
  let db: Db;
  let schemathesis: string;
  let ids: Record<string, string>;

  beforeAll(async () => {
    schemathesis = await ensureSchemathesis(consoleLog);
    // Short, so that a promote (answered by a worker, and none runs here) is a quick 503.
    ({ app, url } = await serveApi({ API_TOKEN: TOKEN, PROMOTE_TIMEOUT_MS: '500' }));
    db = createDb(inject('stack').databaseUrl!);
    ids = await seedResources(url, db);
  }, 300_000); // the first run on a machine installs schemathesis
  afterAll(async () => {
    await db?.$disconnect();
    await app?.close();
  });

  it('passes every check on every operation', async () => {
    const reportDir = mkdtempSync(path.join(os.tmpdir(), 'schemathesis-'));
    const config = path.join(reportDir, 'schemathesis.toml');
    const values: Record<string, string> = { MORPHSWEEP_CONTRACT_TOKEN: TOKEN, ...ids };
    // schemathesis does not substitute variables in dictionaries; this does, everywhere.
    writeFileSync(
      config,
      readFileSync(CONFIG, 'utf8').replace(
        /\$\{(MORPHSWEEP_CONTRACT_\w+)\}/g,
        (_, name: string) => {
          if (!(name in values)) throw new Error(`schemathesis.toml: no value for \${${name}}`);
          return values[name]!;
        },
      ),
    );
    const { code, output } = await run(schemathesis, reportDir, [
      '--no-color',
      '--config-file',
      config,
      'run',
      `${url}/api/openapi.json`,
      '--checks',
      'all',
      '--report-dir',
      reportDir,
    ]);
    writeFileSync(path.join(reportDir, 'output.txt'), output);
    expect(code, `schemathesis failed (its output: ${reportDir}/output.txt):\n${output}`).toBe(0);
    // A run that generated nothing would pass too.
    expect(Number(/(\d+) generated/.exec(output)?.[1] ?? 0)).toBeGreaterThan(100);
    rmSync(reportDir, { recursive: true, force: true }); // kept only when something failed
  }, 600_000);
});

// In `cwd`, where schemathesis also keeps its cache (`.schemathesis/`).
function run(
  command: string,
  cwd: string,
  args: string[],
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      {
        cwd,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

/**
 * A sweep submitted through the API (its workflow started on the real Temporal; no worker
 * runs it), one of its runs succeeded with a structure and a curve, and a retraining of it:
 * the ids schemathesis draws from besides random ones (schemathesis.toml), so operations on
 * one resource answer with real bodies rather than only 404s.
 */
async function seedResources(url: string, db: Db): Promise<Record<string, string>> {
  const res = await fetch(`${url}/api/sweeps`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(sweepSpec('contract', [1e-8, 1e-7])),
  });
  expect(res.status).toBe(201);
  const sweepId = ((await res.json()) as { id: string }).id;
  const runs = await new RunRepository(db).listForSweep(sweepId, { offset: 0, limit: 10 });
  const runId = runs.items[0]!.id;
  await new RunRepository(db).recordResult(runId, {
    structure: { 'conv1/Conv2D': 6 },
    structureHash: 'contract',
    cost: 30,
    flops: 30,
    modelSize: 12,
    accuracy: 0.5,
    regLoss: 0.25,
  });
  await new RunMetricRepository(db).append(runId, [
    { step: 10, taskLoss: 1.5, regLoss: 0.3, cost: 31, accuracy: 0.4, examplesPerSecond: 80 },
  ]);
  const retraining = await new RetrainingRepository(db).ensure({
    id: crypto.randomUUID(),
    sweepId,
    sourceRunId: runId,
    structureHash: 'contract',
    seed: 0,
    trigger: 'PROMOTED',
    workflowId: retrainingWorkflowId(sweepId, 'contract'),
  });
  return {
    MORPHSWEEP_CONTRACT_SWEEP_ID: sweepId,
    MORPHSWEEP_CONTRACT_RUN_ID: runId,
    MORPHSWEEP_CONTRACT_RETRAINING_ID: retraining.retraining.id,
  };
}
