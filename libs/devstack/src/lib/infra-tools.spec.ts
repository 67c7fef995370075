import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureHelm, ensureInfraLinters } from './infra-tools';
import { silentLog } from './log';
import { ToolUnavailableError } from './tools';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'infra-tools-'));

function fakeExecutable(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, '#!/bin/sh\necho fake\n');
  chmodSync(file, 0o755);
  return file;
}

describe('ensureHelm', () => {
  it('prefers HELM_BINARY, then the cache, and ignores a helm on PATH', async () => {
    const cache = tmp();
    const cached = fakeExecutable(path.join(cache, 'bin'), 'helm');
    const onPathDir = tmp();
    fakeExecutable(onPathDir, 'helm');
    const explicit = fakeExecutable(tmp(), 'my-helm');
    const env = { MORPHSWEEP_CACHE_DIR: cache, PATH: onPathDir };
    await expect(ensureHelm(silentLog, env)).resolves.toBe(cached);
    await expect(ensureHelm(silentLog, { ...env, HELM_BINARY: explicit })).resolves.toBe(explicit);
  });

  it('says what is wrong with a HELM_BINARY that is not an executable', async () => {
    await expect(ensureHelm(silentLog, { HELM_BINARY: '/nonexistent/helm' })).rejects.toThrow(
      /HELM_BINARY=\/nonexistent\/helm is not an executable/,
    );
  });

  it('asks for Go when it has to build Helm and there is none', async () => {
    await expect(ensureHelm(silentLog, { MORPHSWEEP_CACHE_DIR: tmp(), PATH: '' })).rejects.toThrow(
      ToolUnavailableError,
    );
  });
});

describe('ensureInfraLinters', () => {
  it('asks for a Python with venv when there is none', async () => {
    await expect(
      ensureInfraLinters(silentLog, { MORPHSWEEP_CACHE_DIR: tmp(), PATH: '' }),
    ).rejects.toThrow(/Python ≥ 3.9 with venv/);
  });
});
