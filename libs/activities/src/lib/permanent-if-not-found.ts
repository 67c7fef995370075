import { ApplicationFailure } from '@temporalio/activity';

/**
 * For `.catch` on a lookup by id at the start of an activity: a row that does not exist
 * (`DbError` NOT_FOUND) fails the activity for good, as `ApplicationFailure.nonRetryable`
 * with type NOT_FOUND; any other error (the database unreachable, a dropped connection) is
 * rethrown as it is, for Temporal to retry. Every error used to be NOT_FOUND, so a database
 * outage failed each cell that started during it. Matches by name and code, so it also works
 * across duplicated module instances of `@morphsweep/db`.
 */
export function permanentIfNotFound(error: unknown): never {
  const e = error as { name?: unknown; code?: unknown; message?: unknown } | undefined;
  if (e?.name === 'DbError' && e.code === 'NOT_FOUND') {
    throw ApplicationFailure.nonRetryable(String(e.message), 'NOT_FOUND');
  }
  throw error;
}
