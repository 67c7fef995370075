// Spec helpers: run the same computation on `cpu` and on our threaded `wasm` or the native
// `tensorflow` backend (tfjs-node built by `npm run provision`), compare results.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { useThreadedWasmBackend } from '../lib/backend/wasm-threads.backend';
import { registerWasmTrainingKernels } from '../lib/kernels/register-training-kernels';
import { readTfjsNodeManifest } from '@morphsweep/devstack';
import { loadNativeTensorflow } from '../lib/backend/native-tensorflow.loader';
import { registerNativeTrainingKernels } from '../lib/kernels/register-native-kernels';

/**
 * Whether the native backend's specs run: when provisioning built the binding, and always
 * under `MORPHSWEEP_REQUIRE_NATIVE=1` (CI), where a missing binding fails them instead.
 */
export const NATIVE_UNDER_TEST =
  process.env['MORPHSWEEP_REQUIRE_NATIVE'] === '1' || readTfjsNodeManifest('node') !== undefined;

/**
 * The backend a backend-generic spec trains on: `node` in the vitest project `node`
 * (MORPHSWEEP_TEST_BACKEND=node), else `wasm`. Such specs call `selectBackend({ backend:
 * testBackend() })` and are listed in NODE_SUITE of vitest.config.mts.
 */
export function testBackend(): 'wasm' | 'node' {
  return process.env['MORPHSWEEP_TEST_BACKEND'] === 'node' ? 'node' : 'wasm';
}

let nativeReady: Promise<unknown> | undefined;

/** Loads the provisioned tfjs-node binding with our kernels once per test file. */
export async function ensureNative(): Promise<void> {
  nativeReady ??= loadNativeTensorflow('node').then(() => registerNativeTrainingKernels());
  await nativeReady;
}

let wasmReady: Promise<unknown> | undefined;

/** Starts the threaded wasm backend with our kernels once per test file. */
export async function ensureWasm(): Promise<void> {
  wasmReady ??= useThreadedWasmBackend().then(() => registerWasmTrainingKernels());
  await wasmReady;
}

/** Runs `fn` on `backend` and returns the values of its outputs as plain arrays. */
export async function runOn(
  backend: 'cpu' | 'wasm' | 'tensorflow',
  fn: () => tf.Tensor | tf.Tensor[],
): Promise<Float32Array[]> {
  if (backend === 'wasm') await ensureWasm();
  if (backend === 'tensorflow') await ensureNative();
  await tf.setBackend(backend);
  const outs = tf.tidy(() => {
    const result = fn();
    return Array.isArray(result) ? result : [result];
  });
  const values = await Promise.all(outs.map(async (t) => new Float32Array(await t.data())));
  tf.dispose(outs);
  return values;
}

/** Deterministic pseudo-random values in [-1, 1) (a tiny LCG keeps specs independent of tf's RNG). */
export function randomValues(size: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  let s = seed >>> 0;
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** max |a - b| / max |b|: the relative error the kernel checks bound. */
export function relativeError(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs((a[i] as number) - (b[i] as number)));
    scale = Math.max(scale, Math.abs(b[i] as number));
  }
  return diff / Math.max(scale, 1e-12);
}
