import path from 'node:path';
import { isExecutable, onPath } from './find-executable';
import { runGoBuild } from './go-build';
import type { Log } from './log';
import { cacheDir, workspaceRoot } from './paths';

/** The Temporal CLI version built from the Go module proxy (its go.mod has no replace directive). */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

/** Thrown when a tool is missing and cannot be provisioned here; the message says how to install it. */
export class ToolUnavailableError extends Error {
  override readonly name = 'ToolUnavailableError';
}

/**
 * Looks for an installed `temporal` CLI: `TEMPORAL_CLI` → PATH → our cache. Returns
 * undefined when there is none (see {@link buildTemporalCli}); throws `ToolUnavailableError`
 * when `TEMPORAL_CLI` names something that is not an executable.
 */
export function findTemporalCli(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env['TEMPORAL_CLI'];
  if (explicit) {
    if (!isExecutable(explicit))
      throw new ToolUnavailableError(`TEMPORAL_CLI=${explicit} is not an executable file`);
    return explicit;
  }
  return onPath('temporal', env) ?? cached(path.join(cacheDir(env), 'bin'), 'temporal');
}

/**
 * Builds the `temporal` CLI with `go install` of {@link TEMPORAL_CLI_MODULE} into our cache
 * and returns its path. Throws `ToolUnavailableError` with install instructions without Go.
 */
export async function buildTemporalCli(
  log: Log,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const binDir = path.join(cacheDir(env), 'bin');
  const go = onPath('go', env);
  if (!go) {
    throw new ToolUnavailableError(
      "the Temporal CLI (`temporal`) was not found, Temporal's download site is unreachable and Go is not " +
        `installed to build it. Install it with \`go install ${TEMPORAL_CLI_MODULE}\` (Go ≥ 1.24) or from ` +
        `Temporal's releases, then put it on PATH, set TEMPORAL_CLI=/path/to/temporal, or copy it to ${binDir}/temporal.`,
    );
  }
  await runGoBuild('the Temporal CLI', ['install', TEMPORAL_CLI_MODULE], {
    cwd: binDir,
    binDir,
    log,
    go,
  });
  return path.join(binDir, 'temporal');
}

/**
 * Finds SeaweedFS's `weed` (the S3-compatible server for tests and S3 development):
 * `WEED_BINARY` → PATH → our cache → a Go build of the version pinned in
 * `infra/seaweedfs/go.mod`. Throws `ToolUnavailableError` with instructions otherwise.
 */
export async function ensureWeed(log: Log, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const explicit = env['WEED_BINARY'];
  if (explicit) {
    if (!isExecutable(explicit))
      throw new ToolUnavailableError(`WEED_BINARY=${explicit} is not an executable file`);
    return explicit;
  }
  const binDir = path.join(cacheDir(env), 'bin');
  const found = onPath('weed', env) ?? cached(binDir, 'weed');
  if (found) return found;
  const go = onPath('go', env);
  const moduleDir = path.join(workspaceRoot(), 'infra', 'seaweedfs');
  if (!go) {
    throw new ToolUnavailableError(
      'SeaweedFS (`weed`) was not found and Go is not installed to build it. Install Go ≥ 1.26 and run ' +
        `\`go build -o ${binDir}/weed github.com/seaweedfs/seaweedfs/weed\` in ${moduleDir}, ` +
        'or set WEED_BINARY=/path/to/weed.',
    );
  }
  const output = path.join(binDir, 'weed');
  await runGoBuild(
    'SeaweedFS (weed)',
    ['build', '-o', output, 'github.com/seaweedfs/seaweedfs/weed'],
    {
      cwd: moduleDir,
      binDir,
      log,
      go,
    },
  );
  return output;
}

function cached(binDir: string, name: string): string | undefined {
  const file = path.join(binDir, name);
  return isExecutable(file) ? file : undefined;
}
