import { DbError } from './db.error';

/** A page request: `limit` rows after skipping `offset`. */
export interface PageRequest {
  offset?: number;
  limit?: number;
}

/** One page of rows plus the total, so a table can show "41–60 of 1,000". */
export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** Validates a page request; throws `DbError` INVALID_INPUT naming the bad field. */
export function resolvePage(request: PageRequest = {}): { offset: number; limit: number } {
  const offset = request.offset ?? 0;
  const limit = request.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(offset) || offset < 0) {
    throw new DbError('INVALID_INPUT', `offset must be a non-negative integer, got ${offset}`);
  }
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new DbError(
      'INVALID_INPUT',
      `limit must be an integer in 1..${MAX_PAGE_SIZE}, got ${limit}`,
    );
  }
  return { offset, limit };
}
