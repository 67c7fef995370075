/** What went wrong in the persistence layer; the API maps each code to an HTTP status. */
export type DbErrorCode = 'NOT_FOUND' | 'INVALID_INPUT' | 'MIGRATION_FAILED' | 'MIGRATION_MODIFIED';

/** The one error class libs/db throws on purpose (driver errors pass through as they are). */
export class DbError extends Error {
  override readonly name = 'DbError';
  constructor(
    readonly code: DbErrorCode,
    message: string,
  ) {
    super(message);
  }
}
