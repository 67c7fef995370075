/**
 * Loads a tfjs-node(-gpu) binding that `npm run provision` built against a current TensorFlow
 * (libs/devstack/src/lib/tfjs-node-binding.ts), from the cache, without node_modules.
 *
 * Why not `import '@tensorflow/tfjs-node'`: the published package's install script downloads
 * libtensorflow 2.9.1 (CUDA 11) from a host that is often unreachable, and its entry point pulls
 * in the union package `@tensorflow/tfjs` (converter, data, webgl). We load only the pieces a
 * backend needs — the binding, `NodeJSKernelBackend` and the kernel registrations — and hand
 * them the one `@tensorflow/tfjs-core` this library uses: provisioning wrote stand-ins for
 * `@tensorflow/tfjs` and `@tensorflow/tfjs-core` next to the unpacked package that return
 * `globalThis[Symbol.for('morphsweep.tfjs-core')]`, which we set just before loading. So there
 * is exactly one tfjs-core (one engine, one kernel registry, one `Tensor` class) in the process.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import {
  readTfjsNodeManifest,
  tfjsNodeManifestPath,
  type TfjsNodeManifest,
} from '@morphsweep/devstack';
import { TrainingError } from '../training.error';

/** The TensorFlow C binding's surface that we use directly (see tfjs-node's binding/tfjs_binding.cc). */
export interface TfjsBinding {
  readonly TF_Version: string;
  isUsingGpuDevice(): boolean;
}

/** What a loaded native backend is. */
export interface LoadedNativeTensorflow {
  readonly manifest: TfjsNodeManifest;
  readonly gpu: boolean;
  readonly tensorflowVersion: string;
}

const CORE_SYMBOL = Symbol.for('morphsweep.tfjs-core');

/** TensorFlow's switch for its oneDNN CPU kernels; the loader sets it to 1 unless it is set. */
export const ONEDNN_ENV_VAR = 'TF_ENABLE_ONEDNN_OPTS';

let loaded: LoadedNativeTensorflow | undefined;

/** The native backend loaded in this process, if any. */
export function loadedNativeTensorflow(): LoadedNativeTensorflow | undefined {
  return loaded;
}

/**
 * Registers tfjs's `tensorflow` backend from the binding provisioned for `backend` and makes it
 * active. Only one native binding can be loaded per process (both packages register
 * `tensorflow`); asking again returns the one loaded. Throws `TrainingError('BACKEND_UNAVAILABLE')`
 * when nothing was provisioned or the binding does not load.
 */
export async function loadNativeTensorflow(
  backend: 'node' | 'node-gpu',
  env: NodeJS.ProcessEnv = process.env,
): Promise<LoadedNativeTensorflow> {
  if (!loaded) {
    const manifest = readTfjsNodeManifest(backend, env);
    if (!manifest) {
      throw new TrainingError(
        'BACKEND_UNAVAILABLE',
        `no ${backend === 'node' ? 'tfjs-node' : 'tfjs-node-gpu'} binding was provisioned ` +
          `(${tfjsNodeManifestPath(backend, env)} is missing; \`npm run provision\` builds it and says why it could not)`,
      );
    }
    if (manifest.version !== tf.version_core) {
      throw new TrainingError(
        'BACKEND_UNAVAILABLE',
        `the provisioned ${manifest.package} is ${manifest.version} but tfjs-core is ${tf.version_core}; run \`npm run provision\``,
      );
    }
    // TensorFlow logs oneDNN and CPU-feature notices on load unless told otherwise.
    process.env['TF_CPP_MIN_LOG_LEVEL'] ??= '2';
    // TensorFlow turns its oneDNN kernels on by itself only on CPUs with AVX512-VNNI/AMX; on
    // others (this project's AVX2 EPYC) they made a reference-network step ~20 % faster
    // relative to wasm (docs/benchmarks.md). Read once, when the library loads; 0 opts out.
    process.env[ONEDNN_ENV_VAR] ??= '1';
    (globalThis as Record<symbol, unknown>)[CORE_SYMBOL] = tf;
    let binding: TfjsBinding;
    try {
      const load = createRequire(path.join(manifest.packageDir, 'package.json'));
      binding = load(manifest.binding) as TfjsBinding;
      const { NodeJSKernelBackend } = load('./dist/nodejs_kernel_backend.js') as {
        NodeJSKernelBackend: new (binding: TfjsBinding, packageName: string) => tf.KernelBackend;
      };
      load('./dist/register_all_kernels.js');
      tf.registerBackend('tensorflow', () => new NodeJSKernelBackend(binding, manifest.package), 3);
    } catch (cause) {
      throw new TrainingError(
        'BACKEND_UNAVAILABLE',
        `the provisioned ${manifest.package} binding (${manifest.binding}) did not load: ${String(cause)}; run \`npm run provision\``,
        { cause },
      );
    }
    loaded = {
      manifest,
      gpu: binding.isUsingGpuDevice(),
      tensorflowVersion: binding.TF_Version,
    };
  }
  if (!(await tf.setBackend('tensorflow'))) {
    throw new TrainingError(
      'BACKEND_UNAVAILABLE',
      `${loaded.manifest.package} loaded but its backend did not start`,
    );
  }
  return loaded;
}
