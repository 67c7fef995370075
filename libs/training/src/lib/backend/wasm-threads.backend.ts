// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the ambient typing must travel with this file to every project that type-checks it from source
/// <reference path="./tfjs-wasm-out.d.ts" />
/**
 * Real multi-threading for the tfjs wasm backend under Node.
 *
 * Why this exists: tfjs-backend-wasm 4.x never uses threads under Node. Its feature probe
 * `WASM_HAS_MULTITHREAD_SUPPORT` returns false whenever `IS_NODE`, so it loads the
 * single-threaded binary; and even the threaded binary caps its XNNPACK pool at
 * `emscripten_num_logical_cores() / 2` (it assumes two hyper-threads per core), which is one
 * thread on a 2-core machine.
 *
 * Mechanism (public or published pieces only, no patching of files in node_modules):
 * 1. We instantiate the threaded-SIMD Emscripten module that the package publishes in
 *    `wasm-out/` ourselves, and wrap it in the package's exported `BackendWasm` class, under
 *    the backend name `wasm` (so every wasm kernel, ours included, applies unchanged).
 * 2. Emscripten's pthread workers need a worker script file; the package ships it only as a
 *    string (`wasmWorkerContents`, meant for a browser Blob URL, which Node's `Worker` cannot
 *    load). We write it once to a content-addressed file in the OS temp directory.
 * 3. Emscripten's documented `instantiateWasm` hook lets us supply the wasm imports; we
 *    replace `emscripten_num_logical_cores` so the module's "half the cores" rule yields the
 *    thread count we ask for, then pass that count to `setThreadsCount` as usual.
 *
 * Costs: one extra file in the temp directory (~3 KB); Emscripten pre-spawns 8 worker
 * threads (idle ones cost a few MB each); thread count is capped at 8. A running pthread keeps
 * a Node process alive, so after start-up we `unref()` the pool's workers: the process exits
 * normally when its own work is done. `releaseWasmBackend()` terminates them explicitly.
 * If the published file layout changes (a tfjs upgrade), start-up fails with
 * `BACKEND_UNAVAILABLE` and `selectBackend` falls back to `cpu`; the spec catches it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import {
  BackendWasm,
  getThreadsCount,
  setThreadsCount,
  version_wasm,
} from '@tensorflow/tfjs-backend-wasm';
import { TrainingError } from '../training.error';

/** Emscripten pre-creates this many pthread workers; more would deadlock pool creation. */
export const MAX_WASM_THREADS = 8;

const WASM_FILE = 'tfjs-backend-wasm-threaded-simd.wasm';
const WORKER_FILE = 'tfjs-backend-wasm-threaded-simd.worker.js';
// Above the stock backend's priority (2) so that `tf.ready()` picks ours.
const PRIORITY = 3;

interface EmscriptenWorker {
  unref(): void;
}
interface ThreadedModule {
  cwrap(name: string, ret: string | null, args: string[]): (...args: number[]) => number;
  PThread: { runningWorkers: EmscriptenWorker[]; terminateAllThreads(): void };
}
interface ImportsInfo {
  env: Record<string, unknown>;
}
type ReceiveInstance = (instance: unknown, module: unknown) => void;
type ModuleFactory = (config: object) => Promise<unknown>;
// Typed locally: the workspace's TypeScript libs (ES2023 + @types/node 20) omit WebAssembly.
const { WebAssembly: wasmApi } = globalThis as unknown as {
  WebAssembly: {
    instantiate(
      bytes: Uint8Array,
      imports: object,
    ): Promise<{ instance: unknown; module: unknown }>;
  };
};

let activeModule: ThreadedModule | undefined;

/** What the threaded wasm backend reports once running. */
export interface WasmThreadsInfo {
  readonly threads: number;
  readonly simd: boolean;
  readonly version: string;
}

/**
 * Registers the threaded wasm backend as `wasm`, makes it the active backend, and returns
 * the thread count XNNPACK actually uses. `threads` defaults to the number of CPUs the
 * process may use, capped at {@link MAX_WASM_THREADS}. Tensors held on a previous `wasm`
 * backend instance become invalid. Throws `TrainingError('BACKEND_UNAVAILABLE')` when wasm
 * SIMD is missing or the module cannot start.
 */
export async function useThreadedWasmBackend(
  options: { threads?: number } = {},
): Promise<WasmThreadsInfo> {
  const threads = Math.max(
    1,
    Math.min(options.threads ?? availableParallelism(), MAX_WASM_THREADS),
  );
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  if (!simd)
    throw new TrainingError('BACKEND_UNAVAILABLE', 'wasm: this runtime lacks WebAssembly SIMD');
  if (tf.findBackendFactory('wasm')) tf.removeBackend('wasm');
  tf.registerBackend('wasm', () => createBackend(threads), PRIORITY);
  setThreadsCount(threads);
  let ok = false;
  try {
    ok = await tf.setBackend('wasm');
  } catch (cause) {
    throw new TrainingError(
      'BACKEND_UNAVAILABLE',
      `wasm: threaded module failed to start: ${String(cause)}`,
      { cause },
    );
  }
  if (!ok) throw new TrainingError('BACKEND_UNAVAILABLE', 'wasm: threaded module failed to start');
  // Pool threads wait on shared memory, not on messages: unref'd they still work, and they
  // no longer keep the process alive after its last task.
  for (const worker of activeModule?.PThread.runningWorkers ?? []) worker.unref();
  return { threads: getThreadsCount(), simd: true, version: version_wasm };
}

/** Removes the `wasm` backend (if any), terminating its worker threads. Idempotent. */
export function releaseWasmBackend(): void {
  if (tf.findBackendFactory('wasm')) tf.removeBackend('wasm');
  activeModule = undefined;
}

async function createBackend(threads: number): Promise<BackendWasm> {
  const factory = await loadFactory();
  const workerPath = await writeWorkerScript();
  let wasmPath = '';
  const config = {
    locateFile(path: string, prefix: string): string {
      if (path.endsWith('.worker.js')) return workerPath;
      if (path === WASM_FILE) wasmPath = prefix + path;
      return prefix + path;
    },
    instantiateWasm(info: ImportsInfo, receive: ReceiveInstance): object {
      // The module computes its default pool size as this value / 2 (see file comment).
      info.env['emscripten_num_logical_cores'] = () => threads * 2;
      wasmApi.instantiate(readFileSync(wasmPath), info).then(
        ({ instance, module }) => receive(instance, module),
        (error: unknown) => console.error('wasm instantiation failed', error),
      );
      return {};
    },
  };
  const module = (await factory(config)) as unknown as ThreadedModule & Record<string, unknown>;
  module['tfjs'] = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  activeModule = module;
  return new BackendWasm(module as unknown as ConstructorParameters<typeof BackendWasm>[0]);
}

async function loadFactory(): Promise<ModuleFactory> {
  // The file is CommonJS (`module.exports = factory`); its typings claim an ES default export,
  // so the factory sits at `default` or `default.default` depending on the loader.
  const loaded =
    (await import('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js')) as unknown as {
      default: ModuleFactory | { default: ModuleFactory };
    };
  const factory = typeof loaded.default === 'function' ? loaded.default : loaded.default.default;
  if (typeof factory !== 'function')
    throw new TrainingError('BACKEND_UNAVAILABLE', 'wasm: threaded module factory not found');
  return factory;
}

async function writeWorkerScript(): Promise<string> {
  const { wasmWorkerContents } =
    await import('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js');
  // The string was written for a Blob: its "\n" escapes became real newlines inside string
  // literals, which tfjs itself re-escapes the same way before use.
  const source = wasmWorkerContents.replace(/\n/g, '\\n');
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const path = join(
    tmpdir(),
    `morphsweep-${WORKER_FILE.replace('.worker.js', '')}-${hash}.worker.js`,
  );
  if (!existsSync(path)) {
    // Write-then-rename: parallel processes never see a half-written script.
    const partial = `${path}.${process.pid}.tmp`;
    writeFileSync(partial, source);
    renameSync(partial, path);
  }
  return path;
}
