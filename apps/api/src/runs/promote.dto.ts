import { z } from 'zod';
import type { PromoteResult } from '@morphsweep/workflows';

/** `POST /api/runs/:id/promote`'s body (checked against the workflow's `PromoteResult`). */
export const promoteResponseSchema: z.ZodType<PromoteResult> = z.object({
  retrainingId: z.uuid(),
  workflowId: z.string(),
  created: z.boolean().describe('false when this structure was promoted before'),
  retrainingIds: z
    .array(z.uuid())
    .describe("Every replica's retraining (the retrain policy's `seeds`), replica 0 first"),
});
