import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleLog, ensureSchemathesis } from '@morphsweep/devstack';

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
  let schemathesis: string;

  beforeAll(async () => {
    schemathesis = await ensureSchemathesis(consoleLog);
    ({ app, url } = await serveApi({ API_TOKEN: TOKEN }));
  }, 300_000); // the first run on a machine installs schemathesis
  afterAll(async () => {
    await app?.close();
  });

  it('passes every check on every operation', async () => {
    const reportDir = mkdtempSync(path.join(os.tmpdir(), 'schemathesis-'));
    const { code, output } = await run(schemathesis, reportDir, [
      '--no-color',
      '--config-file',
      CONFIG,
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
        env: { ...process.env, MORPHSWEEP_CONTRACT_TOKEN: TOKEN },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}
