import path from 'node:path';
import type { Log } from './log';
import { cacheDir } from './paths';
import { ensurePipVenv } from './python-venv';

/**
 * The PyPI packages of the orchestration bench's Optuna comparison: Optuna and the PostgreSQL
 * driver its SQLAlchemy storage uses for `postgresql+psycopg2://` URLs.
 */
export const OPTUNA_PACKAGES = ['optuna==5.0.0', 'psycopg2-binary==2.9.13'];

/**
 * The Python of a virtual environment in our cache holding {@link OPTUNA_PACKAGES},
 * pip-installed the first time (pip's progress shown). Throws `ToolUnavailableError` naming
 * what is missing: a Python ≥ 3.9 with venv, or PyPI.
 */
export async function ensureOptuna(
  log: Log,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const version = OPTUNA_PACKAGES.map((p) => p.split('==')[1]).join('-');
  const venv = path.join(cacheDir(env), 'optuna', version);
  await ensurePipVenv({ venv, requirements: OPTUNA_PACKAGES, purpose: 'Optuna' }, log, env);
  return path.join(venv, 'bin', 'python');
}
