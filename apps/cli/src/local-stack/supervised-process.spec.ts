import { describe, expect, it } from 'vitest';
import { spawnManaged } from '@morphsweep/devstack';
import { superviseProcess } from './supervised-process';

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// A child that dies at once for its first `crashes` starts, then keeps running.
function flakyChild(crashes: number) {
  let starts = 0;
  const start = () => {
    starts++;
    const script = starts <= crashes ? 'process.exit(3)' : 'setInterval(() => {}, 1000)';
    return spawnManaged('child', process.execPath, ['-e', script]);
  };
  return { start, starts: () => starts };
}

describe('superviseProcess', () => {
  it('restarts a process that dies, with a delay doubling per crash in a row, until it stays up', async () => {
    const child = flakyChild(3);
    const lines: string[] = [];
    const supervised = await superviseProcess('the worker', child.start, {
      log: (line) => lines.push(line),
      initialDelayMs: 50,
      maxDelayMs: 150,
    });
    await expect.poll(() => supervised.restarts, { timeout: 10_000 }).toBe(3);
    const running = supervised.current!;
    expect(isAlive(running.pid)).toBe(true);
    expect(lines).toEqual([
      'the worker exited (3); restarting it in 0.05 s',
      'the worker exited (3); restarting it in 0.1 s',
      'the worker exited (3); restarting it in 0.15 s',
    ]);

    await supervised.stop();
    expect(await running.exited).toBe('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    expect(child.starts()).toBe(4);
  });

  it('a process killed (SIGKILL, as by the OOM killer) after running a while is restarted after the first delay', async () => {
    let starts = 0;
    const lines: string[] = [];
    const supervised = await superviseProcess(
      'the worker',
      () => {
        starts++;
        return spawnManaged('child', process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
      },
      { log: (line) => lines.push(line), initialDelayMs: 50, stableAfterMs: 0 },
    );
    for (let kill = 1; kill <= 2; kill++) {
      process.kill(supervised.current!.pid, 'SIGKILL');
      await expect.poll(() => supervised.restarts, { timeout: 10_000 }).toBe(kill);
    }
    // Each one had run long enough (stableAfterMs 0): no growing backoff.
    expect(lines).toEqual([
      'the worker exited (SIGKILL); restarting it in 0.05 s',
      'the worker exited (SIGKILL); restarting it in 0.05 s',
    ]);
    await supervised.stop();
    expect(starts).toBe(3);
  });

  it('stop during a pending restart cancels it', async () => {
    const child = flakyChild(1);
    const supervised = await superviseProcess('the worker', child.start, {
      log: () => undefined,
      initialDelayMs: 60_000,
    });
    await expect.poll(() => supervised.current, { timeout: 10_000 }).toBeUndefined();
    await supervised.stop();
    expect([child.starts(), supervised.restarts]).toEqual([1, 0]);
  });
});
