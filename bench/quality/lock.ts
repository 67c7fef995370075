import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `<dataDir>/driver.pid` for this process: two drivers of one study would start two
 * stacks on one data dir. A lock left by a process that is gone is taken over. Throws naming
 * the live holder. Returns the release.
 */
export function lockStudy(dataDir: string): () => void {
  const file = path.join(dataDir, 'driver.pid');
  if (existsSync(file)) {
    const holder = Number(readFileSync(file, 'utf8'));
    if (Number.isInteger(holder) && holder !== process.pid && alive(holder))
      throw new Error(`another driver (pid ${holder}) is running the study in ${dataDir}`);
  }
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, String(process.pid));
  return () => rmSync(file, { force: true });
}
