import path from 'node:path';
import { withCacheLock } from './cache-lock';
import type { Log } from './log';
import { cacheDir } from './paths';
import {
  findTensorflow,
  installTensorflow,
  TENSORFLOW_ENV_VAR,
  TensorflowUnavailableError,
} from './tensorflow-install';
import { ensureTfjsNodeBinding, forgetTfjsNodeBinding } from './tfjs-node-binding';
import type { TfjsNodeManifest } from './tfjs-node.manifest';

/** What {@link provisionNativeTensorflow} set up; `unavailable` says why a backend is not. */
export interface NativeTensorflowProvision {
  readonly node?: TfjsNodeManifest;
  readonly nodeGpu?: TfjsNodeManifest;
  readonly unavailable: string[];
}

/**
 * Sets up the native TensorFlow backends (`node`, and `node-gpu` where the CUDA build is in
 * use): finds TensorFlow or installs the pinned wheel into our cache, then builds (or reuses)
 * the tfjs-node(-gpu) bindings against it. Never throws: where TensorFlow cannot be had (no
 * Python with venv, no compiler, PyPI unreachable) it says what is missing, removes the
 * backends' manifests and returns, and training falls back to wasm.
 * `MORPHSWEEP_TENSORFLOW=none` turns the native backends off.
 */
export async function provisionNativeTensorflow(
  log: Log,
  env: NodeJS.ProcessEnv = process.env,
): Promise<NativeTensorflowProvision> {
  const started = Date.now();
  const unavailable: string[] = [];
  if (env[TENSORFLOW_ENV_VAR] === 'none') {
    forgetTfjsNodeBinding('node', env);
    forgetTfjsNodeBinding('node-gpu', env);
    log(`TensorFlow:   off (${TENSORFLOW_ENV_VAR}=none); training uses wasm`);
    return { unavailable: [`${TENSORFLOW_ENV_VAR}=none`] };
  }
  try {
    const { tf, node, nodeGpu } = await withCacheLock(
      path.join(cacheDir(env), 'tensorflow'),
      log,
      async () => {
        const tf = findTensorflow(env) ?? (await installTensorflow(log, env));
        const node = await ensureTfjsNodeBinding('@tensorflow/tfjs-node', 'node', tf, log, env);
        const nodeGpu = tf.cuda
          ? await ensureTfjsNodeBinding('@tensorflow/tfjs-node-gpu', 'node-gpu', tf, log, env)
          : undefined;
        return { tf, node, nodeGpu };
      },
    );
    if (!tf.cuda) {
      forgetTfjsNodeBinding('node-gpu', env);
      unavailable.push(
        'node-gpu: CPU TensorFlow (a visible NVIDIA GPU or MORPHSWEEP_ACCELERATOR=gpu installs the CUDA build)',
      );
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    log(
      `TensorFlow:   ${tf.version} (${tf.cuda ? 'CUDA' : 'CPU'}) from ${tf.source}; ` +
        `backends node${nodeGpu ? ', node-gpu' : ''} ready (${seconds} s)`,
    );
    return { node, ...(nodeGpu ? { nodeGpu } : {}), unavailable };
  } catch (cause) {
    forgetTfjsNodeBinding('node', env);
    forgetTfjsNodeBinding('node-gpu', env);
    const message = cause instanceof Error ? cause.message : String(cause);
    const known = cause instanceof TensorflowUnavailableError;
    log(
      `TensorFlow:   unavailable — ${known ? '' : 'unexpected error: '}${message}. ` +
        'Training falls back to wasm; see docs/operations.md ("Native TensorFlow") to fix it',
    );
    return { unavailable: [message] };
  }
}
