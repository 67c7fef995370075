import path from 'node:path';
import { readTfjsNodeManifest, tfjsNodeManifestPath } from '@morphsweep/devstack';

/** The training backend workers on this host will use, as `/api/health` reports it. */
export interface TrainingBackendHealth {
  /** `node-gpu`/`node` when `npm run provision` built that binding, else `wasm`. */
  backend: 'node-gpu' | 'node' | 'wasm';
  tensorflowVersion?: string;
  devices: string[];
  /** Where it was read from: the provisioning manifest, or why there is none. */
  source: string;
}

/**
 * Reads what provisioning set up on this host (devstack's `readTfjsNodeManifest`) without
 * loading TensorFlow into the API process: the API does not train, its workers do (each also
 * prints its backend and devices at start).
 * `node-gpu` is reported with a GPU device when its binding was built against CUDA TensorFlow.
 */
export function probeTrainingBackend(env: NodeJS.ProcessEnv = process.env): TrainingBackendHealth {
  const forced = env['MORPHSWEEP_BACKEND'];
  for (const backend of ['node-gpu', 'node'] as const) {
    if (forced && forced !== backend) continue;
    let manifest;
    try {
      manifest = readTfjsNodeManifest(backend, env);
    } catch {
      continue; // unreadable: report the next backend that has one
    }
    if (!manifest) continue;
    return {
      backend,
      tensorflowVersion: manifest.tensorflowVersion,
      devices: manifest.cuda ? ['CPU:0', 'GPU:0'] : ['CPU:0'],
      source: tfjsNodeManifestPath(backend, env),
    };
  }
  return {
    backend: 'wasm',
    devices: ['CPU'],
    source: forced
      ? `MORPHSWEEP_BACKEND=${forced}`
      : `no native binding provisioned in ${path.dirname(tfjsNodeManifestPath('node', env))}`,
  };
}
