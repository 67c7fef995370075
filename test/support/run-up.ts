import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort, workspaceRoot } from '@morphsweep/devstack';

/** A `morphsweep up` process started the way a user starts it, on free ports. */
export interface UpProcess {
  child: ChildProcess;
  url: string;
  env: Record<string, string>;
  output: () => string;
  /** PIDs of every process below `up` (Temporal, the API…). */
  descendants: () => number[];
  /** Sends SIGINT (Ctrl-C) and resolves with the exit code. */
  interrupt: () => Promise<number | null>;
}

export interface PortsEnv {
  TEMPORAL_PORT: string;
  TEMPORAL_UI_PORT: string;
  POSTGRES_PORT: string;
  API_PORT: string;
}

/** Free ports for every server `up` starts, as the environment variables that set them. */
export async function portsEnv(): Promise<PortsEnv> {
  return {
    TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    POSTGRES_PORT: String(await freePort()),
    API_PORT: String(await freePort()),
  };
}

export async function runUp(env: Record<string, string>): Promise<UpProcess> {
  const main = path.join(workspaceRoot(), 'apps', 'cli', 'dist', 'main.js');
  const child = spawn(process.execPath, [main, 'up'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /MorphSweep is running at (\S+)/.exec(output);
      if (match) {
        clearInterval(timer);
        resolve(match[1]!);
      }
    }, 100);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`morphsweep up exited (${code}) before it was ready:\n${output}`));
    });
  });
  return {
    child,
    url,
    env,
    output: () => output,
    descendants: () => descendantsOf(child.pid!),
    interrupt: async () => {
      child.kill('SIGINT');
      return exited;
    },
  };
}

/** Every process below `pid` (children, their children, …), from `ps`. */
export function descendantsOf(pid: number): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid=']).toString().trim().split('\n');
  const children = new Map<number, number[]>();
  for (const line of table) {
    const [p, pp] = line.trim().split(/\s+/).map(Number) as [number, number];
    children.set(pp, [...(children.get(pp) ?? []), p]);
  }
  const out: number[] = [];
  const visit = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      visit(c);
    }
  };
  visit(pid);
  return out;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
