import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { version_cpu } from '@tensorflow/tfjs-backend-cpu';
import type { BackendInfo, BackendName } from './backend-info';
import { registerWasmTrainingKernels } from '../kernels/register-training-kernels';
import { TrainingError } from '../training.error';
import { useThreadedWasmBackend } from './wasm-threads.backend';

/** Options every loader receives. */
export interface BackendLoadOptions {
  /** wasm only: threads for XNNPACK (default: all CPUs this process may use, at most 8). */
  readonly threads?: number;
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

let gpuPackage: Record<string, unknown> | undefined;

const loadNodeGpu: BackendLoader = async () => {
  gpuPackage = await importOptional('@tensorflow/tfjs-node-gpu');
  const info = await activateTensorflow('@tensorflow/tfjs-node-gpu', gpuPackage);
  if (!info.gpu)
    throw new TrainingError(
      'BACKEND_UNAVAILABLE',
      '@tensorflow/tfjs-node-gpu loaded but sees no GPU',
    );
  return info;
};

const loadNode: BackendLoader = async () => {
  // Both packages register the backend `tensorflow`; once the GPU package has loaded (and
  // found no GPU) it is a CPU TensorFlow already, and loading the other would clash with it.
  if (gpuPackage)
    return { ...(await activateTensorflow('@tensorflow/tfjs-node-gpu', gpuPackage)), name: 'node' };
  const mod = await importOptional('@tensorflow/tfjs-node');
  return { ...(await activateTensorflow('@tensorflow/tfjs-node', mod)), name: 'node' };
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
