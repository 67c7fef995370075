import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { version_cpu } from '@tensorflow/tfjs-backend-cpu';
import type { BackendInfo, BackendName } from './backend-info';
import { registerWasmTrainingKernels } from '../kernels/register-training-kernels';
import { TrainingError } from '../training.error';
import { useThreadedWasmBackend } from './wasm-threads.backend';
import { loadedNativeTensorflow, loadNativeTensorflow } from './native-tensorflow.loader';
import { registerNativeTrainingKernels } from '../kernels/register-native-kernels';

/** Options every loader receives. */
export interface BackendLoadOptions {
  /** wasm only: threads for XNNPACK (default: all CPUs this process may use, at most 8). */
  readonly threads?: number;
  /** Where to read the native backends' provisioning (`MORPHSWEEP_CACHE_DIR`; default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
}

/** Makes one backend active, or throws `TrainingError('BACKEND_UNAVAILABLE')` saying why not. */
export type BackendLoader = (options: BackendLoadOptions) => Promise<BackendInfo>;

interface NodeBackendLike {
  isUsingGpuDevice?: boolean | (() => boolean);
}

/** Imports an optional package; a missing one is reported as such, other failures verbatim. */
async function importOptional(specifier: string): Promise<Record<string, unknown>> {
  try {
    // A non-literal specifier: the packages are optional and have no types here.
    return (await import(specifier)) as Record<string, unknown>;
  } catch (cause) {
    const code = (cause as { code?: string }).code;
    const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
    // tfjs-node(-gpu) are optional dependencies whose install script downloads libtensorflow;
    // where that cannot run (npm skips dependencies' scripts, or no network) the package is
    // present but its binding is not, and its loader throws this.
    const noBinding = /native addon module .*can ?not be found/i.test(String(cause));
    const reason = missing
      ? `${specifier} is not installed`
      : noBinding
        ? `${specifier} is installed without its native binding (its install script did not run)`
        : `${specifier} failed to load: ${String(cause)}`;
    throw new TrainingError('BACKEND_UNAVAILABLE', reason, { cause });
  }
}

function packageVersion(mod: Record<string, unknown>, name: string): string {
  const versions = mod['version'] as Record<string, string> | undefined;
  return versions?.[name.replace('@tensorflow/', '')] ?? 'unknown';
}

async function activateTensorflow(
  pkg: string,
  mod: Record<string, unknown>,
): Promise<BackendInfo & { gpu: boolean }> {
  if (!(await tf.setBackend('tensorflow'))) {
    throw new TrainingError('BACKEND_UNAVAILABLE', `${pkg} loaded but its backend did not start`);
  }
  const flag = (tf.backend() as NodeBackendLike).isUsingGpuDevice;
  const gpu = typeof flag === 'function' ? flag.call(tf.backend()) : flag === true;
  return {
    name: gpu ? 'node-gpu' : 'node',
    tfBackend: 'tensorflow',
    package: pkg,
    version: packageVersion(mod, pkg),
    gpu,
  };
}

/**
 * Loads a native backend: the binding `npm run provision` built against current TensorFlow
 * (see native-tensorflow.loader.ts), else an `@tensorflow/tfjs-node(-gpu)` that npm installed
 * with its own binding (a machine where its install script could download libtensorflow).
 */
async function loadNative(
  backend: 'node' | 'node-gpu',
  env: NodeJS.ProcessEnv,
): Promise<BackendInfo & { gpu: boolean }> {
  const pkg = backend === 'node' ? '@tensorflow/tfjs-node' : '@tensorflow/tfjs-node-gpu';
  let provisioned: Awaited<ReturnType<typeof loadNativeTensorflow>>;
  try {
    provisioned = await loadNativeTensorflow(backend, env);
  } catch (cause) {
    if (loadedNativeTensorflow()) throw cause;
    let mod: Record<string, unknown>;
    try {
      mod = await importOptional(pkg);
    } catch (fallback) {
      throw new TrainingError(
        'BACKEND_UNAVAILABLE',
        `${(cause as Error).message}; and ${(fallback as Error).message}`,
        { cause },
      );
    }
    return activateTensorflow(pkg, mod);
  }
  const { manifest, gpu, tensorflowVersion } = provisioned;
  return {
    name: gpu ? 'node-gpu' : 'node',
    tfBackend: 'tensorflow',
    package: manifest.package,
    version: manifest.version,
    gpu,
    tensorflowVersion,
    devices: gpu ? ['CPU:0', 'GPU:0'] : ['CPU:0'],
    trainingKernels: registerNativeTrainingKernels(),
  };
}

let gpuLoaded: (BackendInfo & { gpu: boolean }) | undefined;

const loadNodeGpu: BackendLoader = async ({ env }) => {
  const info = await loadNative('node-gpu', env ?? process.env);
  gpuLoaded = info;
  if (!info.gpu)
    throw new TrainingError(
      'BACKEND_UNAVAILABLE',
      `${info.package} loaded but TensorFlow sees no GPU`,
    );
  return info;
};

const loadNode: BackendLoader = async ({ env }) => {
  // Both packages register the backend `tensorflow`; once the GPU one has loaded (and found
  // no GPU) it is a CPU TensorFlow already, and loading the other would clash with it.
  if (gpuLoaded) {
    if (!(await tf.setBackend('tensorflow')))
      throw new TrainingError('BACKEND_UNAVAILABLE', `${gpuLoaded.package} did not start`);
    return { ...gpuLoaded, name: 'node' };
  }
  return { ...(await loadNative('node', env ?? process.env)), name: 'node' };
};

const loadWasm: BackendLoader = async ({ threads }) => {
  const info = await useThreadedWasmBackend({ threads });
  return {
    name: 'wasm',
    tfBackend: 'wasm',
    package: '@tensorflow/tfjs-backend-wasm',
    version: info.version,
    threads: info.threads,
    simd: info.simd,
    trainingKernels: registerWasmTrainingKernels(),
  };
};

const loadCpu: BackendLoader = async () => {
  if (!(await tf.setBackend('cpu')))
    throw new TrainingError('BACKEND_UNAVAILABLE', 'cpu backend did not start');
  return {
    name: 'cpu',
    tfBackend: 'cpu',
    package: '@tensorflow/tfjs-backend-cpu',
    version: version_cpu,
    threads: 1,
  };
};

/** The real loaders, by backend name. */
export const DEFAULT_LOADERS: Readonly<Record<BackendName, BackendLoader>> = {
  'node-gpu': loadNodeGpu,
  node: loadNode,
  wasm: loadWasm,
  cpu: loadCpu,
};
