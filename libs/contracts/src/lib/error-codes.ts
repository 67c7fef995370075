/**
 * Machine-readable failure codes shared by activities, workflows, the API and the dashboard.
 * A run's `errorCode` column holds one of these.
 * - `INVALID_SPEC`: a sweep spec failed validation (field-level issues attached).
 * - `INVALID_CONFIG`: a run's configuration cannot train (bad network, unknown hardware…).
 * - `NON_FINITE_LOSS`: the loss became NaN or infinite (strength or learning rate too high).
 * - `OUT_OF_MEMORY`: the backend could not allocate.
 * - `STRUCTURE_COLLAPSED`: every channel of some path died; no usable structure.
 * - `RUN_NOT_SUCCEEDED`: promote of a run that has no learned structure.
 * - `NOT_FOUND`: a sweep, run or retraining that does not exist.
 * - `INFRASTRUCTURE`: retries exhausted on a transient error (database, store, worker).
 * - `CANCELLED`: cancelled by a user.
 * The first five, plus `NOT_FOUND`, are permanent: activities raise them non-retryable.
 */
export const ERROR_CODES = [
  'INVALID_SPEC',
  'INVALID_CONFIG',
  'NON_FINITE_LOSS',
  'OUT_OF_MEMORY',
  'STRUCTURE_COLLAPSED',
  'RUN_NOT_SUCCEEDED',
  'NOT_FOUND',
  'INFRASTRUCTURE',
  'CANCELLED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Whether `value` is one of {@link ERROR_CODES}. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
