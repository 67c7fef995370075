/** What went wrong reading or registering a dataset. */
export type DatasetErrorCode =
  /** The URI is not `file:///…` or `s3://bucket/…`. */
  | 'INVALID_URI'
  /** Nothing at the URI, or a file the format needs is missing. */
  | 'NOT_FOUND'
  /** The files are there but do not hold a dataset of the format (the message says why). */
  | 'DATASET_INVALID'
  /** The files no longer decode to the checksum they were registered with. */
  | 'CHECKSUM_MISMATCH';

/** The one error of `@morphsweep/datasets`; `message` names the file and the problem. */
export class DatasetError extends Error {
  constructor(
    readonly code: DatasetErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DatasetError';
  }
}
