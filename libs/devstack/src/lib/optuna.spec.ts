import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLog } from './log';
import { ensureOptuna } from './optuna';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'optuna-'));

describe('ensureOptuna', () => {
  it('asks for a Python with venv when there is none', async () => {
    await expect(
      ensureOptuna(silentLog, { MORPHSWEEP_CACHE_DIR: tmp(), PATH: '' }),
    ).rejects.toThrow(/Optuna cannot be installed without a Python ≥ 3.9 with venv/);
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
    await expect(ensureOptuna(silentLog, env)).rejects.toThrow(
      /could not install Optuna \(is PyPI reachable\?/,
    );
    expect(existsSync(path.join(cache, 'optuna', '5.0.0-2.9.13'))).toBe(false);
  }, 120_000);
});
