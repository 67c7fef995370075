import { z } from 'zod';

/** The body of every error response of the API. */
export const apiErrorSchema = z.object({
  statusCode: z.number().int(),
  code: z.string().describe('A stable error code (`INVALID_INPUT`, `NOT_FOUND`, …)'),
  message: z.string(),
  requestId: z.string().describe('Also in the `x-request-id` header and the server log'),
  issues: z
    .array(z.object({ path: z.string(), message: z.string() }))
    .optional()
    .describe('For validation errors: each offending field and why'),
});
export type ApiError = z.infer<typeof apiErrorSchema>;
