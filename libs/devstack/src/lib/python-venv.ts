import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withCacheLock } from './cache-lock';
import { onPath } from './find-executable';
import type { Log } from './log';
import { spawnLogged } from './spawn-logged';
import { ToolUnavailableError } from './tools';

/** A Python ≥ 3.9 with venv and ensurepip, for `purpose`; `ToolUnavailableError` otherwise. */
export function pythonWithVenv(env: NodeJS.ProcessEnv, purpose: string): string {
  for (const name of ['python3', 'python']) {
    const python = onPath(name, env);
    if (!python) continue;
    try {
      execFileSync(
        python,
        ['-c', 'import sys, venv, ensurepip; assert sys.version_info >= (3, 9)'],
        { stdio: 'ignore', timeout: 30_000 },
      );
      return python;
    } catch {
      // no venv/ensurepip, or too old: try the next name
    }
  }
  throw new ToolUnavailableError(
    `${purpose} cannot be installed without a Python ≥ 3.9 with venv (Debian: apt-get install python3 python3-venv)`,
  );
}

/** What {@link ensurePipVenv} installs, and how to say it. */
export interface PipVenv {
  /** The virtual environment's folder (in our cache). */
  readonly venv: string;
  /** pip requirements, pinned (`name==version`). */
  readonly requirements: readonly string[];
  /** What the packages are for, in messages ("schemathesis", "the infra linters"). */
  readonly purpose: string;
  /** Added to the error when pip fails (another way to get the tool). */
  readonly hint?: string;
}

/**
 * Makes sure `spec.venv` holds `spec.requirements`, pip-installing them the first time under
 * the cache lock (pip's Collecting/Successfully lines shown). A failed install removes the
 * half-made venv and throws `ToolUnavailableError` asking whether PyPI is reachable.
 */
export async function ensurePipVenv(
  spec: PipVenv,
  log: Log,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const done = path.join(spec.venv, 'morphsweep-installed');
  if (existsSync(done)) return;
  await withCacheLock(spec.venv, log, async () => {
    if (existsSync(done)) return;
    const python = pythonWithVenv(env, spec.purpose);
    log(`installing ${spec.requirements.join(', ')} into ${spec.venv} (first time only)`);
    rmSync(spec.venv, { recursive: true, force: true });
    try {
      await spawnLogged(python, ['-m', 'venv', spec.venv], { log, what: 'python -m venv', env });
      await spawnLogged(
        path.join(spec.venv, 'bin', 'pip'),
        ['install', '--disable-pip-version-check', '--progress-bar', 'off', ...spec.requirements],
        {
          log,
          env,
          what: `pip install ${spec.requirements.join(' ')}`,
          show: (line) => /^(Collecting|Successfully)/.test(line.trim()),
        },
      );
    } catch (cause) {
      rmSync(spec.venv, { recursive: true, force: true });
      throw new ToolUnavailableError(
        `could not install ${spec.purpose} (is PyPI reachable? set PIP_INDEX_URL for a mirror${
          spec.hint ? `, ${spec.hint}` : ''
        }): ${cause instanceof Error ? cause.message : String(cause)}`,
      );
    }
    writeFileSync(done, `${spec.requirements.join('\n')}\n`);
  });
}
