import { spawn } from 'node:child_process';
import type { Log } from './log';

/** Options of {@link spawnLogged}. */
export interface SpawnLoggedOptions {
  readonly log: Log;
  /** Names the step in heartbeats and errors, e.g. `pip install tensorflow-cpu==2.21.0`. */
  readonly what: string;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Which output lines to pass on as progress (default: none; the last 20 go into errors). */
  readonly show?: (line: string) => boolean;
}

/**
 * Runs a command to completion, passing chosen output lines on as progress and a heartbeat every
 * 15 s (a pip download or a compile can take minutes, and silence looks like a hang). Resolves
 * with stdout; rejects with the command's last 20 lines of output when it exits non-zero.
 */
export async function spawnLogged(
  command: string,
  args: readonly string[],
  options: SpawnLoggedOptions,
): Promise<string> {
  const started = Date.now();
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  let stdout = '';
  const onLine = (chunk: Buffer, isStdout: boolean) => {
    const text = chunk.toString();
    if (isStdout) stdout += text;
    for (const line of text.split('\n').filter((l) => l.trim() !== '')) {
      tail.push(line);
      if (tail.length > 20) tail.shift();
      if (options.show?.(line)) options.log(`  ${line.trim()}`);
    }
  };
  child.stdout.on('data', (chunk: Buffer) => onLine(chunk, true));
  child.stderr.on('data', (chunk: Buffer) => onLine(chunk, false));
  const ticker = setInterval(() => {
    options.log(
      `  still running ${options.what} (${Math.round((Date.now() - started) / 1000)} s)…`,
    );
  }, 15_000);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', resolve);
    });
    if (code !== 0) {
      throw new Error(`${options.what} failed (exit code ${code}):\n${tail.join('\n')}`);
    }
    return stdout;
  } finally {
    clearInterval(ticker);
  }
}
