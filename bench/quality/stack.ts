import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { freePort, workspaceRoot } from '@morphsweep/devstack';

/** A MorphSweep API to drive, and how to let go of it. */
export interface StudyStack {
  url: string;
  /** Stops the stack if this process started it (its data stays on disk). */
  stop(): Promise<void>;
}

/**
 * `MORPHSWEEP_API_URL` when set (a running MorphSweep), else the product's own local stack:
 * `morphsweep up` (which builds the CLI first when it is stale, as `npx morphsweep` does)
 * with its state in `dataDir`, so a rerun finds the same sweeps, runs and retrainings. Its
 * output goes to `<dataDir>/up.log`. Throws with that log's tail when `up` exits before
 * printing its URL. When `signal` aborts during start-up, `up` is sent SIGINT (it then
 * stops what it started so far) and this rejects once it has exited.
 */
export async function openStack(
  dataDir: string,
  log: (line: string) => void,
  signal?: AbortSignal,
): Promise<StudyStack> {
  const external = process.env['MORPHSWEEP_API_URL'];
  if (external) {
    log(`driving the MorphSweep at ${external}`);
    return { url: external.replace(/\/$/, ''), stop: async () => undefined };
  }
  mkdirSync(dataDir, { recursive: true });
  // Fresh ports each start: the state lives in the data dir, not on a port.
  const env = {
    ...process.env,
    MORPHSWEEP_DATA_DIR: dataDir,
    TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    POSTGRES_PORT: String(await freePort()),
    API_PORT: String(await freePort()),
  };
  const logFile = createWriteStream(path.join(dataDir, 'up.log'), { flags: 'a' });
  const bin = path.join(workspaceRoot(), 'apps/cli/bin/morphsweep.mjs');
  log(`starting the local stack (morphsweep up, data in ${dataDir}; log: up.log)`);
  const up = spawn(process.execPath, [bin, 'up'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const onOutput = (chunk: Buffer) => {
    logFile.write(chunk);
    tail = (tail + chunk.toString()).slice(-8000);
  };
  up.stdout.on('data', onOutput);
  up.stderr.on('data', onOutput);
  const exited = new Promise<number | null>((resolve) => up.once('exit', resolve));
  const interrupt = () => up.kill('SIGINT');
  signal?.addEventListener('abort', interrupt, { once: true });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /MorphSweep is running at (\S+)/.exec(tail);
      if (m) resolve((clearInterval(timer), m[1]!));
    }, 250);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`morphsweep up exited (${code}) before it was ready:\n${tail}`));
    });
  });
  signal?.removeEventListener('abort', interrupt);
  log(`MorphSweep is running at ${url}`);
  return {
    url,
    async stop() {
      if (up.exitCode !== null) return;
      up.kill('SIGINT'); // `up` stops every process it started, then exits
      await exited;
      logFile.end();
    },
  };
}
