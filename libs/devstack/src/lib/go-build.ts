import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Log } from './log';

/**
 * Runs a `go` command that builds a tool into `binDir`, printing go's own output and a
 * heartbeat every 15 s so a first build (minutes) is visibly alive. Rejects with go's
 * last lines when it fails.
 */
export async function runGoBuild(
  what: string,
  args: readonly string[],
  options: { cwd: string; binDir: string; log: Log; go: string },
): Promise<void> {
  mkdirSync(options.binDir, { recursive: true });
  const started = Date.now();
  options.log(
    `building ${what} with Go (first time only; takes several minutes, cached in ${options.binDir})`,
  );
  const child = spawn(options.go, args, {
    cwd: options.cwd,
    env: { ...process.env, GOBIN: options.binDir, GOFLAGS: process.env['GOFLAGS'] ?? '-mod=mod' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  const onLine = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      tail.push(line);
      if (tail.length > 20) tail.shift();
      if (!line.startsWith('go: downloading')) options.log(`  go: ${line}`);
    }
  };
  child.stdout.on('data', onLine);
  child.stderr.on('data', onLine);
  const ticker = setInterval(() => {
    const s = Math.round((Date.now() - started) / 1000);
    options.log(
      `  still building ${what} (${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s)…`,
    );
  }, 15_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(ticker);
  if (code !== 0) {
    throw new Error(`building ${what} failed (go exited ${code}):\n${tail.join('\n')}`);
  }
  options.log(
    `built ${what} in ${Math.round((Date.now() - started) / 1000)} s → ${path.join(options.binDir)}`,
  );
}
