import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Log } from './log';

/** A lock older than this is taken to be left by a killed process. */
const STALE_MS = 30 * 60_000;

/**
 * Runs `fn` holding the lock `<dir>.lock` (a directory: `mkdir` is atomic), so that two
 * provisionings at once — an `npm test` and an `npm start` in the same clone, or two clones
 * sharing the cache — do not pip-install into one virtual environment or build into one folder
 * together. Waits for a live holder (saying so every 15 s); takes over a lock older than 30 min.
 */
export async function withCacheLock<T>(dir: string, log: Log, fn: () => Promise<T>): Promise<T> {
  const lock = `${dir}.lock`;
  mkdirSync(path.dirname(lock), { recursive: true });
  let waitedSince: number | undefined;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let age = 0;
      try {
        age = Date.now() - statSync(lock).mtimeMs;
      } catch {
        continue; // released meanwhile
      }
      if (age > STALE_MS) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      const now = Date.now();
      if (waitedSince === undefined || now - waitedSince >= 15_000) {
        let holder = 'another process';
        try {
          holder = `process ${readFileSync(path.join(lock, 'pid'), 'utf8')}`;
        } catch {
          // not written yet
        }
        log(`waiting for ${holder}, which is provisioning ${dir} (lock ${lock})…`);
        waitedSince = now;
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
