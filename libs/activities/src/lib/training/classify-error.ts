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
// V8 refuses a typed array or buffer past its maximum length with a RangeError before any
// allocation (a conv of 10^9 filters: `Invalid typed array length: 9000000000`); retrying it
// can only fail the same way.
const OOM =
  /out of memory|\bOOM\b|failed to allocate|allocation failed|cannot allocate|Array buffer allocation|Invalid (typed array|array buffer) length|ResourceExhausted/i;
// tfjs' shape errors: a network description that does not fit its data or its own layers
// fails the same way on every attempt.
const SHAPE_MISMATCH =
  /\bshapes?\b.*\b(must match|do(es)? not match)|could not be broadcast|incompatible shapes|should have \d+ values but has \d+|must match the product of shape/i;
const NON_FINITE = /non-?finite|\bNaN\b|infinite loss/i;

/**
 * Sorts an error thrown by the training library (or the activity around it) into the error
 * codes of `@morphsweep/contracts`: a bad configuration (a `TrainingError` or `MorphnetError`
 * with an argument/dataset/network code, a zod error, a tensor shape mismatch), a non-finite
 * loss, or out of memory (including V8's refusal of an oversized typed array) are permanent; anything else (database, artifact store, network, a dying backend) is an
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
  if (OOM.test(message) || OOM.test(name))
    return { code: 'OUT_OF_MEMORY', message, permanent: true };
  if (
    name === 'ZodError' ||
    name === 'MorphnetError' ||
    CONFIG_CODES.has(code) ||
    SHAPE_MISMATCH.test(message)
  ) {
    return { code: 'INVALID_CONFIG', message, permanent: true };
  }
  return { code: 'INFRASTRUCTURE', message, permanent: false };
}
