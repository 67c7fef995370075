import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspaceRoot } from '@morphsweep/devstack';
import { isAlive, portsEnv, runUp } from '../support/run-up';

// PIDs of the processes whose command line contains `needle`.
function pidsRunning(needle: string): number[] {
  return execFileSync('ps', ['-eo', 'pid=,args='])
    .toString()
    .trim()
    .split('\n')
    .filter((line) => line.includes(needle))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

const workerMain = path.join('apps', 'worker', 'dist', 'main.js');

describe('morphsweep up supervises its worker and its own start-up', () => {
  it('a killed worker (SIGKILL) is restarted; the API and the stack stay up', async () => {
    const env = {
      MORPHSWEEP_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'up-')),
      ...(await portsEnv()),
    };
    const up = await runUp(env);
    try {
      const worker = () => up.descendants().filter((pid) => pidsRunning(workerMain).includes(pid));
      const [first] = await expect.poll(worker, { timeout: 60_000 }).toHaveLength(1).then(worker);
      process.kill(first!, 'SIGKILL');
      await expect
        .poll(() => up.output(), { timeout: 60_000 })
        .toMatch(/the worker exited \(SIGKILL\); restarting it in 1 s/);
      await expect
        .poll(() => worker().filter((pid) => pid !== first), { timeout: 60_000 })
        .toHaveLength(1);
      expect(isAlive(up.child.pid!)).toBe(true);
      expect((await fetch(`${up.url}/api/health`)).status).toBe(200);
    } finally {
      const children = up.descendants();
      expect(await up.interrupt()).toBe(0);
      expect(children.filter(isAlive)).toEqual([]);
    }
  });

  it('Ctrl-C during start-up stops what was already started and leaves nothing behind', async () => {
    const env = {
      MORPHSWEEP_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'up-')),
      ...(await portsEnv()),
    };
    const main = path.join(workspaceRoot(), 'apps', 'cli', 'dist', 'main.js');
    const child = spawn(process.execPath, [main, 'up'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    // The Temporal dev server is up; the database is being opened.
    await expect
      .poll(() => output, { timeout: 60_000 })
      .toMatch(/starting the Temporal dev server/);
    const temporal = () => pidsRunning(`--port ${env.TEMPORAL_PORT}`);
    await expect.poll(temporal, { timeout: 60_000 }).toHaveLength(1);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toMatch(/stopped during start-up \(SIGINT\); nothing left running/);
    expect(output).not.toMatch(/MorphSweep is running/);
    expect(temporal()).toEqual([]);
  });
});
