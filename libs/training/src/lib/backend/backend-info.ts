/**
 * The backends `selectBackend` knows, fastest first:
 * - `node-gpu`: `@tensorflow/tfjs-node-gpu` (native TensorFlow with CUDA);
 * - `node`: `@tensorflow/tfjs-node` (native TensorFlow on the CPU);
 * - `wasm`: `@tensorflow/tfjs-backend-wasm` with our training kernels and real threads;
 * - `cpu`: the pure-JavaScript backend (correct everywhere, far too slow to train conv nets).
 */
export const BACKEND_NAMES = ['node-gpu', 'node', 'wasm', 'cpu'] as const;

/** One of {@link BACKEND_NAMES}. */
export type BackendName = (typeof BACKEND_NAMES)[number];

/** Whether `name` is one of {@link BACKEND_NAMES}. */
export function isBackendName(name: string): name is BackendName {
  return (BACKEND_NAMES as readonly string[]).includes(name);
}

/** What a loaded backend is, for run metadata. Plain JSON. */
export interface BackendInfo {
  /** Our name for the backend. */
  readonly name: BackendName;
  /** The name TensorFlow.js knows it by (`tf.getBackend()`), e.g. `tensorflow`, `wasm`. */
  readonly tfBackend: string;
  /** The npm package that provides it, and that package's version. */
  readonly package: string;
  readonly version: string;
  /** Threads the backend computes with (wasm: XNNPACK's thread pool, main thread included). */
  readonly threads?: number;
  /** Whether the wasm binary uses 128-bit SIMD. */
  readonly simd?: boolean;
  /** Whether a GPU device is in use. */
  readonly gpu?: boolean;
  /** Native backends: the TensorFlow library's version (`TF_Version()`). */
  readonly tensorflowVersion?: string;
  /** Native backends: the TensorFlow devices ops are placed on, e.g. `CPU:0`, `GPU:0`. */
  readonly devices?: readonly string[];
  /** Kernels and gradients this library registered for the backend. */
  readonly trainingKernels?: readonly string[];
}

/** A backend that was tried and skipped, and why. */
export interface BackendFallback {
  readonly name: BackendName;
  readonly reason: string;
}

/** The outcome of `selectBackend`: the backend in use and what was skipped on the way. */
export interface BackendSelection {
  readonly backend: BackendInfo;
  /** `true` when `MORPHSWEEP_BACKEND` (or the `backend` option) named it. */
  readonly overridden: boolean;
  readonly skipped: readonly BackendFallback[];
}
