import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';

/** A child process the stack started and will stop: by its PID, never by name. */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  /** Resolves with the exit code (or signal name) when the process ends. */
  readonly exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL after `graceMs` if it is still running. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Appends stdout and stderr to this file (a server's log); otherwise they are discarded. */
  logFile?: string;
  /** Also echo output, each line prefixed with the process name. */
  echo?: boolean;
}

/** Starts `command` and tracks it; fails fast if it cannot be spawned at all. */
export async function spawnManaged(
  name: string,
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): Promise<ManagedProcess> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (e) =>
      reject(new Error(`could not start ${name} (${command}): ${e.message}`)),
    );
  });
  pipeOutput(child, name, options);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return {
    name,
    pid: child.pid as number,
    exited,
    stop: (graceMs = 10_000) => stopChild(child, exited, graceMs),
  };
}

function pipeOutput(child: ChildProcess, name: string, options: SpawnOptions): void {
  const file = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    if (file) stream.pipe(file, { end: false });
    if (options.echo) {
      let pending = '';
      stream.on('data', (chunk: Buffer) => {
        const lines = (pending + chunk.toString()).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) process.stderr.write(`[${name}] ${line}\n`);
      });
    } else {
      stream.resume();
    }
  }
  child.once('exit', () => file?.end());
}

async function stopChild(
  child: ChildProcess,
  exited: Promise<unknown>,
  graceMs: number,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
