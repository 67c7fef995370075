import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLog } from './log';
import { ensureSchemathesis, SCHEMATHESIS_VERSION } from './schemathesis';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'schemathesis-'));

describe('ensureSchemathesis', () => {
  it('uses SCHEMATHESIS_BINARY when it is an executable, and names it when it is not', async () => {
    const binary = path.join(tmp(), 'st');
    writeFileSync(binary, '#!/bin/sh\n');
    chmodSync(binary, 0o755);
    await expect(ensureSchemathesis(silentLog, { SCHEMATHESIS_BINARY: binary })).resolves.toBe(
      binary,
    );
    await expect(
      ensureSchemathesis(silentLog, { SCHEMATHESIS_BINARY: '/nonexistent/st' }),
    ).rejects.toThrow(/SCHEMATHESIS_BINARY=\/nonexistent\/st is not an executable/);
  });

  it('asks for a Python with venv when there is none', async () => {
    await expect(
      ensureSchemathesis(silentLog, { MORPHSWEEP_CACHE_DIR: tmp(), PATH: '' }),
    ).rejects.toThrow(/Python ≥ 3.9 with venv/);
  });

  it('says PyPI is unreachable when pip cannot download, and leaves no half-made venv', async () => {
    const cache = tmp();
    const env = {
      MORPHSWEEP_CACHE_DIR: cache,
      PATH: process.env['PATH'] ?? '',
      // A closed local port: pip fails at once instead of retrying a real index.
      PIP_INDEX_URL: 'http://127.0.0.1:9/simple',
      PIP_RETRIES: '0',
      PIP_TIMEOUT: '2',
    };
    await expect(ensureSchemathesis(silentLog, env)).rejects.toThrow(/is PyPI reachable\?/);
    expect(existsSync(path.join(cache, 'schemathesis', SCHEMATHESIS_VERSION))).toBe(false);
  }, 120_000);
});
