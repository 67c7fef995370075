import { z } from 'zod';

/** The schema of one page of a list endpoint, holding `item`s. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int().nonnegative().describe('Rows matching the query, over all pages'),
    offset: z.number().int().nonnegative(),
    limit: z.number().int().positive(),
  });
}

/** One page of a list endpoint. */
export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}
