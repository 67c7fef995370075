import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runGoBuild } from './go-build';
import { onPath } from './find-executable';
import { findTemporalCli, ToolUnavailableError } from './tools';

function fakeExecutable(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, '#!/bin/sh\necho fake\n');
  chmodSync(file, 0o755);
  return file;
}

describe('findTemporalCli', () => {
  const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'tools-'));

  it('prefers TEMPORAL_CLI, then PATH, then the cache', () => {
    const cache = tmp();
    const cached = fakeExecutable(path.join(cache, 'bin'), 'temporal');
    const onPathDir = tmp();
    const viaPath = fakeExecutable(onPathDir, 'temporal');
    const explicit = fakeExecutable(tmp(), 'my-temporal');
    expect(findTemporalCli({ MORPHSWEEP_CACHE_DIR: cache, PATH: '' })).toBe(cached);
    expect(findTemporalCli({ MORPHSWEEP_CACHE_DIR: cache, PATH: onPathDir })).toBe(viaPath);
    expect(
      findTemporalCli({ MORPHSWEEP_CACHE_DIR: cache, PATH: onPathDir, TEMPORAL_CLI: explicit }),
    ).toBe(explicit);
    expect(findTemporalCli({ MORPHSWEEP_CACHE_DIR: tmp(), PATH: '' })).toBeUndefined();
  });

  it('rejects a TEMPORAL_CLI that is not an executable', () => {
    expect(() => findTemporalCli({ TEMPORAL_CLI: '/nonexistent/temporal' })).toThrow(
      ToolUnavailableError,
    );
  });
});

describe('runGoBuild', () => {
  // Go is a prerequisite of the test suite (it builds the Temporal CLI and SeaweedFS).
  const go = onPath('go') ?? 'go';

  it('builds a Go program into the bin folder and reports progress', async () => {
    const moduleDir = mkdtempSync(path.join(os.tmpdir(), 'gomod-'));
    writeFileSync(path.join(moduleDir, 'go.mod'), 'module example.test/hello\n\ngo 1.21\n');
    writeFileSync(
      path.join(moduleDir, 'main.go'),
      'package main\n\nfunc main() { println("hello from go") }\n',
    );
    const binDir = path.join(moduleDir, 'bin');
    const lines: string[] = [];
    await runGoBuild('hello', ['build', '-o', path.join(binDir, 'hello'), '.'], {
      cwd: moduleDir,
      binDir,
      go,
      log: (l) => lines.push(l),
    });
    expect(
      execFileSync(path.join(binDir, 'hello'), { stdio: 'pipe' }).length,
    ).toBeGreaterThanOrEqual(0);
    expect(lines[0]).toMatch(/building hello with Go/);
    expect(lines.at(-1)).toMatch(/built hello in \d+ s/);
  });

  it("fails with go's own error lines", async () => {
    const moduleDir = mkdtempSync(path.join(os.tmpdir(), 'gomod-'));
    writeFileSync(path.join(moduleDir, 'go.mod'), 'module example.test/broken\n\ngo 1.21\n');
    writeFileSync(
      path.join(moduleDir, 'main.go'),
      'package main\n\nfunc main() { undefinedThing() }\n',
    );
    await expect(
      runGoBuild('broken', ['build', '-o', path.join(moduleDir, 'bin', 'x'), '.'], {
        cwd: moduleDir,
        binDir: path.join(moduleDir, 'bin'),
        go,
        log: () => undefined,
      }),
    ).rejects.toThrow(/building broken failed[\s\S]*undefinedThing/);
  });
});
