/** What went wrong in the artifact store. */
export type StorageErrorCode =
  'INVALID_URL' | 'INVALID_KEY' | 'NOT_FOUND' | 'CHECKSUM_MISMATCH' | 'UNAVAILABLE';

/** The one error class libs/storage throws on purpose. */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
