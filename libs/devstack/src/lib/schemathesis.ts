import path from 'node:path';
import { isExecutable } from './find-executable';
import type { Log } from './log';
import { cacheDir } from './paths';
import { ensurePipVenv } from './python-venv';
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
  await ensurePipVenv(
    {
      venv,
      requirements: [`schemathesis==${SCHEMATHESIS_VERSION}`],
      purpose: 'schemathesis',
      hint: 'or SCHEMATHESIS_BINARY to an installed one',
    },
    log,
    env,
  );
  return path.join(venv, 'bin', 'schemathesis');
}
