import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The training backend workers on this host will use, as `/api/health` reports it. */
export interface TrainingBackendHealth {
  /** `node-gpu`/`node` when `npm run provision` built that binding, else `wasm`. */
  backend: 'node-gpu' | 'node' | 'wasm';
  tensorflowVersion?: string;
  devices: string[];
  /** Where it was read from: the provisioning manifest, or why there is none. */
  source: string;
}

interface Manifest {
  tensorflowVersion: string;
  cuda: boolean;
}

/**
 * Reads what provisioning set up on this host (`<cache>/tfjs-node/<backend>.json`, see
 * libs/devstack's tfjs-node-binding.ts) without loading TensorFlow into the API process: the
 * API does not train, its workers do (each also prints its backend and devices at start).
 * `node-gpu` is reported with a GPU device when its binding was built against CUDA TensorFlow.
 */
export function probeTrainingBackend(env: NodeJS.ProcessEnv = process.env): TrainingBackendHealth {
  const forced = env['MORPHSWEEP_BACKEND'];
  const dir = path.join(
    env['MORPHSWEEP_CACHE_DIR'] ?? path.join(os.homedir(), '.cache', 'morphsweep'),
    'tfjs-node',
  );
  for (const backend of ['node-gpu', 'node'] as const) {
    const file = path.join(dir, `${backend}.json`);
    if ((forced && forced !== backend) || !existsSync(file)) continue;
    try {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
      return {
        backend,
        tensorflowVersion: manifest.tensorflowVersion,
        devices: manifest.cuda ? ['CPU:0', 'GPU:0'] : ['CPU:0'],
        source: file,
      };
    } catch {
      continue;
    }
  }
  return {
    backend: 'wasm',
    devices: ['CPU'],
    source: forced ? `MORPHSWEEP_BACKEND=${forced}` : `no native binding provisioned in ${dir}`,
  };
}
