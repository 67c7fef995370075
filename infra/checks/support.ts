// Shared by the infra checks: the provisioned tools, running them, and reading YAML.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { consoleLog, ensureInfraTools, workspaceRoot, type InfraTools } from '@morphsweep/devstack';

export const root = workspaceRoot();
export const chartDir = path.join(root, 'infra', 'helm', 'morphsweep');
export const dockerfile = path.join(root, 'infra', 'docker', 'Dockerfile');

/** The Kubernetes version the chart is rendered for and validated against. */
export const KUBE_VERSION = '1.34.0';

let tools: Promise<InfraTools> | undefined;

/** Helm, hadolint, kubernetes-validate and compose-check, provisioned once per run. */
export function infraTools(): Promise<InfraTools> {
  tools ??= ensureInfraTools(consoleLog);
  return tools;
}

/** A finished command: its exit code and output. */
export interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion (input on stdin if given). */
export function run(
  command: string,
  args: readonly string[],
  options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Ran {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? root,
    env: options.env ?? process.env,
    input: options.input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A Kubernetes object as rendered (only the fields the checks read are typed). */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * Parses a multi-document YAML text with PyYAML from the linters' venv (kubernetes-validate
 * brings it), so the checks need no YAML parser of their own.
 */
export async function parseYamlDocuments<T = Manifest>(text: string): Promise<T[]> {
  const python = path.join(path.dirname((await infraTools()).kubernetesValidate), 'python');
  const ran = run(
    python,
    [
      '-c',
      'import sys, json, yaml; print(json.dumps([d for d in yaml.safe_load_all(sys.stdin) if d]))',
    ],
    { input: text },
  );
  if (ran.code !== 0) throw new Error(`not YAML: ${ran.stderr}`);
  return JSON.parse(ran.stdout) as T[];
}
