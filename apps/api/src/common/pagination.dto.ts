import { z } from 'zod';
import { MAX_PAGE_SIZE } from '@morphsweep/db';

/** `?offset=&limit=` of every list endpoint. */
export const pageQuerySchema = z.object({
  offset: z.coerce.number().int().min(0).default(0).describe('Rows to skip'),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50).describe('Rows to return'),
});

/** Parses a query or body with `schema`; a ZodError becomes a 400 with field paths. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  return schema.parse(input);
}
