import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isExecutable, onPath } from './find-executable';
import type { Log } from './log';
import { cacheDir } from './paths';
import { spawnLogged } from './spawn-logged';

/** The TensorFlow release the project installs when it finds none (PyPI wheels, Linux x86-64). */
export const TENSORFLOW_VERSION = '2.21.0';

/** Names a TensorFlow to use: a Python with TensorFlow, or a directory holding its C library. */
export const TENSORFLOW_ENV_VAR = 'MORPHSWEEP_TENSORFLOW';
/** `gpu` asks for the CUDA build even where no NVIDIA GPU is visible; `cpu` forbids it. */
export const ACCELERATOR_ENV_VAR = 'MORPHSWEEP_ACCELERATOR';

/** Python versions TensorFlow 2.21 publishes wheels for. */
const PYTHONS = ['python3.13', 'python3.12', 'python3.11', 'python3.10', 'python3'];

/** Thrown when no TensorFlow can be found or installed; the message names what is missing. */
export class TensorflowUnavailableError extends Error {
  override readonly name = 'TensorflowUnavailableError';
}

/** A TensorFlow whose C and eager C API a tfjs-node binding can be built against. */
export interface TensorflowInstall {
  readonly version: string;
  /** Holds `tensorflow/c/c_api.h` and `tensorflow/c/eager/c_api.h`. */
  readonly includeDir: string;
  /** The library exporting `TF_*`/`TFE_*` (`libtensorflow_cc.so.2` or `libtensorflow.so.2`). */
  readonly library: string;
  /** `libtensorflow_framework.so.2`. */
  readonly framework: string;
  /** Whether this is a CUDA build (the `tensorflow` wheel with its NVIDIA libraries). */
  readonly cuda: boolean;
  /** The Python it belongs to, when it came from one (the TF Keras bench runs with it). */
  readonly python?: string;
  /** How it was found, for the progress line. */
  readonly source: string;
}

interface PythonProbe {
  readonly python: [number, number, number];
  readonly venv: boolean;
  readonly dir?: string;
  readonly version?: string;
  readonly cuda?: boolean;
}

// Finds the package without importing it (an import of TensorFlow takes seconds; this ~50 ms).
const PROBE = `
import importlib.util as u, importlib.metadata as m, json, sys
out = {"python": list(sys.version_info[:3]), "venv": u.find_spec("ensurepip") is not None}
s = u.find_spec("tensorflow")
if s and s.submodule_search_locations:
    out["dir"] = list(s.submodule_search_locations)[0]
    for name in ("tensorflow-cpu", "tensorflow", "tensorflow-intel", "tf-nightly"):
        try:
            out["version"] = m.version(name); break
        except m.PackageNotFoundError:
            pass
    try:
        m.version("nvidia-cudnn-cu12"); out["cuda"] = True
    except m.PackageNotFoundError:
        out["cuda"] = False
print(json.dumps(out))
`;

function probePython(python: string): PythonProbe | undefined {
  try {
    const out = execFileSync(python, ['-c', PROBE], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 30_000,
    });
    return JSON.parse(out) as PythonProbe;
  } catch {
    return undefined;
  }
}

/** The TensorFlow of a pip installation's package directory (`site-packages/tensorflow`). */
function fromPackageDir(
  dir: string,
  version: string,
  cuda: boolean,
  source: string,
  python?: string,
): TensorflowInstall | undefined {
  const includeDir = path.join(dir, 'include');
  const library = ['libtensorflow_cc.so.2', 'libtensorflow.so.2']
    .map((n) => path.join(dir, n))
    .find((f) => existsSync(f));
  const framework = path.join(dir, 'libtensorflow_framework.so.2');
  if (!library || !existsSync(framework)) return undefined;
  if (!existsSync(path.join(includeDir, 'tensorflow', 'c', 'eager', 'c_api.h'))) return undefined;
  return { version, includeDir, library, framework, cuda, source, ...(python ? { python } : {}) };
}

/** A libtensorflow C distribution (`include/`, `lib/libtensorflow.so.2.x.y`), e.g. from tensorflow.org. */
function fromCDistribution(dir: string, source: string): TensorflowInstall | undefined {
  const lib = path.join(dir, 'lib');
  if (!existsSync(path.join(lib, 'libtensorflow.so.2'))) return undefined;
  const full = readdirSync(lib).find((n) => /^libtensorflow\.so\.2\.\d+\.\d+$/.test(n));
  return {
    version: full ? full.replace('libtensorflow.so.', '') : 'unknown',
    includeDir: path.join(dir, 'include'),
    library: path.join(lib, 'libtensorflow.so.2'),
    framework: path.join(lib, 'libtensorflow_framework.so.2'),
    cuda: readdirSync(lib).some((n) => n.includes('cuda')),
    source,
  };
}

function fromPython(python: string, source: string): TensorflowInstall | undefined {
  const probe = probePython(python);
  if (!probe?.dir || !probe.version) return undefined;
  return fromPackageDir(probe.dir, probe.version, probe.cuda === true, source, python);
}

/** Whether an NVIDIA GPU is visible to this machine (its kernel driver is loaded). */
export function nvidiaGpuVisible(env: NodeJS.ProcessEnv = process.env): boolean {
  return existsSync('/proc/driver/nvidia/version') || onPath('nvidia-smi', env) !== undefined;
}

/** Whether the CUDA build is wanted: `MORPHSWEEP_ACCELERATOR=gpu`, or a visible NVIDIA GPU. */
export function wantsCuda(env: NodeJS.ProcessEnv = process.env): boolean {
  const accelerator = env[ACCELERATOR_ENV_VAR];
  if (accelerator === 'gpu') return true;
  if (accelerator === 'cpu') return false;
  return nvidiaGpuVisible(env);
}

/** The virtual environment the project creates for `variant` under the cache directory. */
export function cachedVenv(variant: 'cpu' | 'cuda', env: NodeJS.ProcessEnv = process.env): string {
  return path.join(cacheDir(env), 'tensorflow', `${variant}-${TENSORFLOW_VERSION}`);
}

/**
 * Finds a TensorFlow without installing anything: `MORPHSWEEP_TENSORFLOW` (a Python executable,
 * a pip `site-packages/tensorflow` folder, or a libtensorflow C distribution) → a Python on
 * PATH whose `tensorflow` package is present (and is the CUDA build when that is wanted) → the
 * virtual environment under our cache. Throws `TensorflowUnavailableError` when
 * `MORPHSWEEP_TENSORFLOW` names something unusable, and returns undefined when nothing is found.
 */
export function findTensorflow(
  env: NodeJS.ProcessEnv = process.env,
): TensorflowInstall | undefined {
  const explicit = env[TENSORFLOW_ENV_VAR];
  if (explicit) {
    const source = `${TENSORFLOW_ENV_VAR}=${explicit}`;
    const found =
      existsSync(explicit) && statSync(explicit).isDirectory()
        ? (fromPackageDir(explicit, versionOfPackageDir(explicit), false, source) ??
          fromCDistribution(explicit, source))
        : isExecutable(explicit)
          ? fromPython(explicit, source)
          : undefined;
    if (!found) {
      throw new TensorflowUnavailableError(
        `${source} is neither a Python whose tensorflow package has include/ and ` +
          'libtensorflow_cc.so.2, nor a folder holding them, nor a libtensorflow C distribution ' +
          '(include/, lib/libtensorflow.so.2)',
      );
    }
    return found;
  }
  const cuda = wantsCuda(env);
  for (const name of ['python3', 'python']) {
    const python = onPath(name, env);
    const found = python ? fromPython(python, `${python} (on PATH)`) : undefined;
    if (found && found.cuda === cuda) return found;
  }
  const venvPython = path.join(cachedVenv(cuda ? 'cuda' : 'cpu', env), 'bin', 'python');
  return isExecutable(venvPython) ? fromPython(venvPython, 'our cache') : undefined;
}

function versionOfPackageDir(dir: string): string {
  const site = path.dirname(dir);
  const info = readdirSync(site).find((n) => /^tensorflow(_cpu)?-[\d.]+\.dist-info$/.test(n));
  return info?.replace(/^tensorflow(_cpu)?-/, '').replace('.dist-info', '') ?? 'unknown';
}

/** A Python ≥ 3.10 (TensorFlow 2.21's oldest) that can create virtual environments. */
function pythonForVenv(env: NodeJS.ProcessEnv): string {
  const seen: string[] = [];
  for (const name of PYTHONS) {
    const python = onPath(name, env);
    if (!python) continue;
    const probe = probePython(python);
    if (!probe) continue;
    const [major, minor] = probe.python;
    seen.push(`${python} ${probe.python.join('.')}${probe.venv ? '' : ' without venv/ensurepip'}`);
    if (major === 3 && minor >= 10 && minor <= 13 && probe.venv) return python;
  }
  throw new TensorflowUnavailableError(
    `no Python 3.10–3.13 with venv to install TensorFlow into (found: ${seen.join('; ') || 'none'}). ` +
      'Install one (Debian: apt-get install python3 python3-venv), or set ' +
      `${TENSORFLOW_ENV_VAR} to a Python that has TensorFlow or to a libtensorflow folder`,
  );
}

/**
 * Creates the cache's virtual environment and pip-installs the pinned TensorFlow into it: the
 * CPU wheel (`tensorflow-cpu`), or the CUDA 12 build (`tensorflow[and-cuda]`) when a GPU is
 * visible or asked for. Prints pip's progress. Throws `TensorflowUnavailableError` naming what
 * is missing (a Python with venv, or PyPI when pip cannot reach it).
 */
export async function installTensorflow(
  log: Log,
  env: NodeJS.ProcessEnv = process.env,
): Promise<TensorflowInstall> {
  const cuda = wantsCuda(env);
  const venv = cachedVenv(cuda ? 'cuda' : 'cpu', env);
  const requirement = cuda
    ? `tensorflow[and-cuda]==${TENSORFLOW_VERSION}`
    : `tensorflow-cpu==${TENSORFLOW_VERSION}`;
  const python = pythonForVenv(env);
  log(
    `installing TensorFlow (${requirement}) into ${venv} with ${python} ` +
      `(first time only: ~${cuda ? '4 GB' : '1.5 GB'} to download and unpack; a minute or more)`,
  );
  rmSync(venv, { recursive: true, force: true });
  const started = Date.now();
  try {
    await spawnLogged(python, ['-m', 'venv', venv], { log, what: 'python -m venv', env });
    await spawnLogged(
      path.join(venv, 'bin', 'pip'),
      ['install', '--disable-pip-version-check', '--progress-bar', 'off', requirement],
      {
        log,
        env,
        what: `pip install ${requirement}`,
        show: (line) => /^(Collecting|Downloading|Installing|Successfully)/.test(line.trim()),
      },
    );
  } catch (cause) {
    rmSync(venv, { recursive: true, force: true });
    const text = String(cause instanceof Error ? cause.message : cause);
    const unreachable =
      /(Could not find a version|No matching distribution|connection|resolve|timed out|Network)/i.test(
        text,
      );
    throw new TensorflowUnavailableError(
      unreachable
        ? `pip could not download ${requirement} (is PyPI reachable? set PIP_INDEX_URL for a mirror): ${text}`
        : `installing ${requirement} failed: ${text}`,
    );
  }
  const found = fromPython(path.join(venv, 'bin', 'python'), 'installed now');
  if (!found) {
    throw new TensorflowUnavailableError(
      `${requirement} installed into ${venv} but has no include/ and libtensorflow_cc.so.2`,
    );
  }
  writeFileSync(path.join(venv, 'morphsweep-installed'), `${requirement}\n`);
  log(`installed TensorFlow ${found.version} in ${Math.round((Date.now() - started) / 1000)} s`);
  return found;
}
