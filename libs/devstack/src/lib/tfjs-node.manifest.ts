import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cacheDir } from './paths';

/** The two npm packages whose binding we build; both register the tfjs backend `tensorflow`. */
export type TfjsNodePackage = '@tensorflow/tfjs-node' | '@tensorflow/tfjs-node-gpu';

/**
 * What provisioning records for a built binding (`<cache>/tfjs-node/<backend>.json`): the
 * contract between `npm run provision` (which writes it), the training library (which loads
 * the binding it names) and the API's health report (which reads it without loading
 * TensorFlow).
 */
export interface TfjsNodeManifest {
  readonly package: TfjsNodePackage;
  /** The package's version; always the workspace's `@tensorflow/tfjs-core` version. */
  readonly version: string;
  /** The unpacked package (its `dist/` is loaded, its `lib/napi-v8/tfjs_binding.node` built). */
  readonly packageDir: string;
  readonly binding: string;
  readonly tensorflowVersion: string;
  readonly cuda: boolean;
  /** The Python of the TensorFlow it was built against, when there is one. */
  readonly python?: string;
  /** `process.versions.modules` of the Node that built it. */
  readonly nodeAbi: string;
  readonly builtAt: string;
}

/** `<cache>/tfjs-node/<backend>.json`: the manifest of the binding a backend loads. */
export function tfjsNodeManifestPath(
  backend: 'node' | 'node-gpu',
  env: NodeJS.ProcessEnv = process.env,
): string {
  return path.join(cacheDir(env), 'tfjs-node', `${backend}.json`);
}

/** The provisioned manifest of `backend`, or undefined when provisioning set none up. */
export function readTfjsNodeManifest(
  backend: 'node' | 'node-gpu',
  env: NodeJS.ProcessEnv = process.env,
): TfjsNodeManifest | undefined {
  const file = tfjsNodeManifestPath(backend, env);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as TfjsNodeManifest;
}
