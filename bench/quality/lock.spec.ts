import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockStudy } from './lock';

describe('lockStudy', () => {
  it('refuses a second driver while the first one lives, and frees the lock on release', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'quality-lock-'));
    writeFileSync(path.join(dir, 'driver.pid'), String(process.ppid)); // a live process
    expect(() => lockStudy(dir)).toThrow(`another driver (pid ${process.ppid})`);
    writeFileSync(path.join(dir, 'driver.pid'), '2147483646'); // no such process
    const release = lockStudy(dir);
    expect(readFileSync(path.join(dir, 'driver.pid'), 'utf8')).toBe(String(process.pid));
    release();
    expect(() => lockStudy(dir)()).not.toThrow();
  });
});
