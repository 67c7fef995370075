import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnManaged, type ManagedProcess } from './managed-process';
import { waitForPort } from './ports';
import { ToolUnavailableError } from './tools';

/** A throwaway PostgreSQL server (the real one, from the OS packages) for tests. */
export interface PostgresServer {
  readonly url: string;
  /**
   * Shuts the server down (fast: open sessions are ended, as in an outage) and keeps its
   * cluster, so {@link PostgresServer.restart} brings back the same data on the same port.
   */
  shutDown(): Promise<void>;
  /** Starts the server again after {@link PostgresServer.shutDown}; a no-op while it runs. */
  restart(): Promise<void>;
  /** Shuts it down and removes the cluster. */
  stop(): Promise<void>;
}

/**
 * Initialises a fresh cluster in a temporary directory and starts the real `postgres` on
 * 127.0.0.1:`port` with trust authentication. Binaries come from `POSTGRES_BIN_DIR` or
 * Debian's `/usr/lib/postgresql/<version>/bin`. Postgres refuses to run as root, so as
 * root the cluster belongs to (and runs as) the `postgres` user. `stop()` removes it all.
 * Throws `ToolUnavailableError` naming the package to install when there is no server.
 */
export async function startPostgresServer(port: number): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'morphsweep-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, uid('postgres'), uid('postgres', 'g'));
  const run = (file: string, args: string[]) =>
    asRoot
      ? (['runuser', ['-u', 'postgres', '--', file, ...args]] as const)
      : ([file, args] as const);

  const dataDir = path.join(dir, 'data');
  const [initCmd, initArgs] = run(path.join(bin, 'initdb'), [
    '-D',
    dataDir,
    '-A',
    'trust',
    '-U',
    'postgres',
    '-E',
    'UTF8',
  ]);
  execFileSync(initCmd, initArgs, { stdio: 'pipe' });
  const launch = async (): Promise<ManagedProcess> => {
    const [cmd, args] = run(path.join(bin, 'postgres'), [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
    ]);
    const child = await spawnManaged('postgres', cmd, [...args], {
      logFile: path.join(dir, 'postgres.log'),
    });
    await Promise.race([
      waitForPort(port, 30_000, 'PostgreSQL').then(() => waitUntilAccepting(bin, port)),
      child.exited.then((code) => {
        throw new Error(`PostgreSQL exited (${code}) while starting; see ${dir}/postgres.log`);
      }),
    ]);
    return child;
  };
  // `pg_ctl stop -m fast` ends open sessions at once; a plain SIGTERM (smart shutdown) would
  // wait for every client to disconnect, and a SIGKILL of runuser would orphan postgres.
  const shutDown = async (child: ManagedProcess) => {
    const [cmd, args] = run(path.join(bin, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'fast']);
    execFileSync(cmd, [...args], { stdio: 'pipe' });
    await child.exited;
  };

  let child: ManagedProcess | undefined = await launch();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    async shutDown() {
      if (child) await shutDown(child);
      child = undefined;
    },
    async restart() {
      child ??= await launch();
    },
    async stop() {
      if (child) await shutDown(child).catch(() => child?.stop());
      child = undefined;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Waits until the server takes sessions: its port opens while it is still starting up (and,
 * after a restart, recovering), when every connection is refused with 57P03 "the database
 * system is starting up". `pg_isready` exits 0 only once it accepts them.
 */
async function waitUntilAccepting(bin: string, port: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ready = spawnSync(
      path.join(bin, 'pg_isready'),
      ['-h', '127.0.0.1', '-p', String(port), '-t', '1'],
      { stdio: 'ignore' },
    );
    if (ready.status === 0) return;
    if (Date.now() > deadline) {
      throw new Error(`PostgreSQL on port ${port} did not accept sessions within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The folder holding the PostgreSQL server binaries; throws `ToolUnavailableError` with the package to install. */
export function postgresBinDir(): string {
  const explicit = process.env['POSTGRES_BIN_DIR'];
  if (explicit) return explicit;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) {
    if (existsSync(path.join(root, v, 'bin', 'postgres'))) return path.join(root, v, 'bin');
  }
  throw new ToolUnavailableError(
    'no PostgreSQL server binaries found: install them (`apt-get install -y postgresql`) ' +
      'or set POSTGRES_BIN_DIR to the folder holding initdb and postgres',
  );
}

function uid(user: string, kind: 'u' | 'g' = 'u'): number {
  return Number(
    execFileSync('id', [`-${kind}`, user])
      .toString()
      .trim(),
  );
}
