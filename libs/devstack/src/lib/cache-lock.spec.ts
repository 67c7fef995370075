import { mkdirSync, mkdtempSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withCacheLock } from './cache-lock';

describe(withCacheLock.name, () => {
  it('runs holders one after the other, and tells the waiting one who holds it', async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'lock-')), 'tensorflow');
    const events: string[] = [];
    const lines: string[] = [];
    const hold = (name: string, ms: number) =>
      withCacheLock(
        dir,
        (l) => void lines.push(l),
        async () => {
          events.push(`${name} in`);
          await new Promise((r) => setTimeout(r, ms));
          events.push(`${name} out`);
          return name;
        },
      );
    const results = await Promise.all([hold('a', 1_500), hold('b', 10)]);
    expect(results).toEqual(['a', 'b']);
    expect(events).toEqual(['a in', 'a out', 'b in', 'b out']);
    expect(lines[0]).toMatch(
      new RegExp(`waiting for process ${process.pid}, which is provisioning`),
    );
  });

  it('takes over a lock left by a killed process (older than 30 min)', async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'lock-')), 'tensorflow');
    mkdirSync(`${dir}.lock`);
    const old = new Date(Date.now() - 31 * 60_000);
    utimesSync(`${dir}.lock`, old, old);
    await expect(
      withCacheLock(
        dir,
        () => undefined,
        async () => 'ran',
      ),
    ).resolves.toBe('ran');
  });
});
