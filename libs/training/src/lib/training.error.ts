/** Machine-readable reasons a training-library call can fail. */
export type TrainingErrorCode =
  | 'BACKEND_UNKNOWN'
  | 'BACKEND_UNAVAILABLE'
  | 'DATASET_MISSING'
  | 'DATASET_INVALID'
  | 'INVALID_ARGUMENT'
  | 'CURSOR_MISMATCH'
  | 'CHECKPOINT_INVALID'
  | 'CHECKPOINT_MISMATCH'
  | 'DIVERGED';

/**
 * The one error class of `@morphsweep/training`. `code` says what went wrong in a form callers
 * can branch on; `message` says it for people; `cause` keeps the underlying error when there is one.
 */
export class TrainingError extends Error {
  override readonly name = 'TrainingError';

  constructor(
    readonly code: TrainingErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
