import type { ErrorCode } from '@morphsweep/contracts';

/** How an activity treats an error: permanent ones fail the run at once, others are retried. */
export interface ClassifiedError {
  code: ErrorCode;
  message: string;
  permanent: boolean;
}

/** Raised from inside the loop's hooks when a metric point holds a NaN or infinite loss. */
export class NonFiniteLossError extends Error {
  override readonly name = 'NonFiniteLossError';
}

const CONFIG_CODES = new Set([
  'INVALID_ARGUMENT',
  'DATASET_MISSING',
  'DATASET_INVALID',
  'BACKEND_UNKNOWN',
  'CURSOR_MISMATCH',
  'UNKNOWN_HARDWARE',
  'INVALID_NETWORK',
  'UNSUPPORTED_OP',
  'CHECKPOINT_INVALID',
  'CHECKPOINT_MISMATCH',
]);
// The training library's own code for a loss that is no longer finite.
const NON_FINITE_CODES = new Set(['DIVERGED']);
const OOM =
  /out of memory|\bOOM\b|failed to allocate|allocation failed|cannot allocate|Array buffer allocation/i;
const NON_FINITE = /non-?finite|\bNaN\b|infinite loss/i;

/**
 * Sorts an error thrown by the training library (or the activity around it) into the error
 * codes of `@morphsweep/contracts`: a bad configuration (a `TrainingError` or `MorphnetError`
 * with an argument/dataset/network code, a zod error), a non-finite loss, or out of memory are
 * permanent; anything else (database, artifact store, network, a dying backend) is an
 * infrastructure error that Temporal retries with backoff. Matches by name, code and
 * message, so it also works across duplicated module instances.
 */
export function classifyError(error: unknown): ClassifiedError {
  const e = error as { name?: unknown; code?: unknown; message?: unknown } | undefined;
  const message = typeof e?.message === 'string' ? e.message : String(error);
  const name = typeof e?.name === 'string' ? e.name : '';
  const code = typeof e?.code === 'string' ? e.code : '';
  if (
    error instanceof NonFiniteLossError ||
    NON_FINITE_CODES.has(code) ||
    NON_FINITE.test(message)
  ) {
    return { code: 'NON_FINITE_LOSS', message, permanent: true };
  }
  if (OOM.test(message)) return { code: 'OUT_OF_MEMORY', message, permanent: true };
  if (name === 'ZodError' || name === 'MorphnetError' || CONFIG_CODES.has(code)) {
    return { code: 'INVALID_CONFIG', message, permanent: true };
  }
  return { code: 'INFRASTRUCTURE', message, permanent: false };
}
