import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from '../backend/backend-info';
import { selectBackend } from '../backend/select-backend';

/**
 * Our name (`BackendInfo.name`) for the active tfjs backend; when none is active yet, selects
 * one first with {@link selectBackend} (fastest available, or `MORPHSWEEP_BACKEND`).
 */
export async function activeBackendName(): Promise<BackendName | string> {
  const engine = tf.engine() as unknown as { backendName?: string | null };
  if (!engine.backendName) return (await selectBackend()).backend.name;
  const name = tf.getBackend();
  if (name !== 'tensorflow') return name;
  const flag = (tf.backend() as { isUsingGpuDevice?: boolean | (() => boolean) }).isUsingGpuDevice;
  const gpu = typeof flag === 'function' ? flag.call(tf.backend()) : flag === true;
  return gpu ? 'node-gpu' : 'node';
}
