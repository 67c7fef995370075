import type { BackendFallback, BackendName, BackendSelection } from './backend-info';
import { BACKEND_NAMES, isBackendName } from './backend-info';
import { DEFAULT_LOADERS, type BackendLoader } from './backend-loaders';
import { TrainingError } from '../training.error';

/** Environment variable that forces one backend (one of `BACKEND_NAMES`). */
export const BACKEND_ENV_VAR = 'MORPHSWEEP_BACKEND';
/** Environment variable that sets the wasm thread count. */
export const THREADS_ENV_VAR = 'MORPHSWEEP_WASM_THREADS';

/** Options of {@link selectBackend}. */
export interface SelectBackendOptions {
  /** Forces a backend; takes precedence over `MORPHSWEEP_BACKEND`. */
  readonly backend?: string;
  /** Where to read `MORPHSWEEP_BACKEND` / `MORPHSWEEP_WASM_THREADS` (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** wasm threads (default: `MORPHSWEEP_WASM_THREADS`, else all CPUs, at most 8). */
  readonly threads?: number;
  /** Replaces loaders, e.g. to simulate an unavailable backend in tests. */
  readonly loaders?: Partial<Record<BackendName, BackendLoader>>;
}

/**
 * Chooses and activates the TensorFlow.js backend for this process, fastest first:
 * `node-gpu` (when `@tensorflow/tfjs-node-gpu` loads and sees a GPU), `node`, `wasm` (threaded,
 * with our training kernels), `cpu`. A forced backend (option or `MORPHSWEEP_BACKEND`) is used
 * or fails: `TrainingError('BACKEND_UNKNOWN')` for a name not in `BACKEND_NAMES`,
 * `TrainingError('BACKEND_UNAVAILABLE')` when it cannot load. Returns the backend's
 * {@link BackendInfo} for run metadata and the backends skipped on the way, with reasons.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendSelection> {
  const env = options.env ?? process.env;
  const forced = options.backend ?? (env[BACKEND_ENV_VAR] || undefined);
  const loaders = { ...DEFAULT_LOADERS, ...options.loaders };
  const threads = options.threads ?? parseThreads(env[THREADS_ENV_VAR]);
  if (forced !== undefined) {
    if (!isBackendName(forced)) {
      throw new TrainingError(
        'BACKEND_UNKNOWN',
        `unknown backend "${forced}" (from ${options.backend !== undefined ? 'options' : BACKEND_ENV_VAR}); expected one of ${BACKEND_NAMES.join(', ')}`,
      );
    }
    try {
      return { backend: await loaders[forced]({ threads, env }), overridden: true, skipped: [] };
    } catch (cause) {
      throw new TrainingError(
        'BACKEND_UNAVAILABLE',
        `backend "${forced}" was requested but cannot be used: ${reason(cause)}`,
        { cause },
      );
    }
  }
  const skipped: BackendFallback[] = [];
  for (const name of BACKEND_NAMES) {
    try {
      return { backend: await loaders[name]({ threads, env }), overridden: false, skipped };
    } catch (cause) {
      skipped.push({ name, reason: reason(cause) });
    }
  }
  throw new TrainingError(
    'BACKEND_UNAVAILABLE',
    `no backend could be used: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`,
  );
}

function parseThreads(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const threads = Number(value);
  if (!Number.isInteger(threads) || threads < 1) {
    throw new TrainingError(
      'INVALID_ARGUMENT',
      `${THREADS_ENV_VAR} must be a positive integer, got "${value}"`,
    );
  }
  return threads;
}

function reason(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
