import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withCacheLock } from './cache-lock';
import { isExecutable, onPath } from './find-executable';
import type { Log } from './log';
import { cacheDir } from './paths';
import { spawnLogged } from './spawn-logged';
import { ToolUnavailableError } from './tools';

/** The schemathesis release the API's contract test runs (PyPI). */
export const SCHEMATHESIS_VERSION = '4.32.5';

/**
 * Finds schemathesis' CLI: `SCHEMATHESIS_BINARY`, else our cache's virtual environment,
 * pip-installing {@link SCHEMATHESIS_VERSION} into it the first time (pip's progress shown).
 * Throws `ToolUnavailableError` naming what is missing: a Python ≥ 3.9 with venv, or PyPI.
 */
export async function ensureSchemathesis(
  log: Log,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const explicit = env['SCHEMATHESIS_BINARY'];
  if (explicit) {
    if (!isExecutable(explicit))
      throw new ToolUnavailableError(`SCHEMATHESIS_BINARY=${explicit} is not an executable file`);
    return explicit;
  }
  const venv = path.join(cacheDir(env), 'schemathesis', SCHEMATHESIS_VERSION);
  const binary = path.join(venv, 'bin', 'schemathesis');
  const done = path.join(venv, 'morphsweep-installed');
  if (existsSync(done)) return binary;
  return withCacheLock(venv, log, async () => {
    if (existsSync(done)) return binary;
    const requirement = `schemathesis==${SCHEMATHESIS_VERSION}`;
    const python = pythonWithVenv(env);
    log(`installing ${requirement} into ${venv} (first time only: ~40 MB from PyPI)`);
    rmSync(venv, { recursive: true, force: true });
    try {
      await spawnLogged(python, ['-m', 'venv', venv], { log, what: 'python -m venv', env });
      await spawnLogged(
        path.join(venv, 'bin', 'pip'),
        ['install', '--disable-pip-version-check', '--progress-bar', 'off', requirement],
        {
          log,
          env,
          what: `pip install ${requirement}`,
          show: (line) => /^(Collecting|Successfully)/.test(line.trim()),
        },
      );
    } catch (cause) {
      rmSync(venv, { recursive: true, force: true });
      throw new ToolUnavailableError(
        `could not install ${requirement} (is PyPI reachable? set PIP_INDEX_URL for a mirror, ` +
          `or SCHEMATHESIS_BINARY to an installed one): ${
            cause instanceof Error ? cause.message : String(cause)
          }`,
      );
    }
    writeFileSync(done, `${requirement}\n`);
    return binary;
  });
}

function pythonWithVenv(env: NodeJS.ProcessEnv): string {
  for (const name of ['python3', 'python']) {
    const python = onPath(name, env);
    if (!python) continue;
    try {
      execFileSync(
        python,
        ['-c', 'import sys, venv, ensurepip; assert sys.version_info >= (3, 9)'],
        {
          stdio: 'ignore',
          timeout: 30_000,
        },
      );
      return python;
    } catch {
      // no venv/ensurepip, or too old: try the next name
    }
  }
  throw new ToolUnavailableError(
    'schemathesis needs a Python ≥ 3.9 with venv (Debian: apt-get install python3 python3-venv)',
  );
}
