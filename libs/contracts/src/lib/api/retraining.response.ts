import { z } from 'zod';
import { RUN_STATES } from '../run-states';
import { RETRAINING_KINDS } from '../workflow-ids';

/** A retraining from scratch, as the API returns it (dates as ISO strings). */
export const retrainingResponseSchema = z.object({
  id: z.uuid(),
  sweepId: z.uuid(),
  sourceRunId: z.uuid().nullable(),
  kind: z.enum(RETRAINING_KINDS),
  structureHash: z.string(),
  replica: z
    .number()
    .int()
    .min(0)
    .describe(
      "Which of the retrain policy's `seeds` retrainings from scratch of this structure and kind (0-based)",
    ),
  seed: z
    .number()
    .int()
    .min(0)
    .describe("The RNG seed it trains with: the sweep spec's seed for replica 0"),
  trigger: z.enum(['AUTO', 'PROMOTED']),
  status: z.enum(RUN_STATES),
  workflowId: z.string(),
  finalAccuracy: z.number().nullable(),
  measuredCost: z.number().nullable(),
  parameters: z.number().int().nullable().describe('Trainable parameters of the retrained network'),
  checkpointUri: z.string().nullable(),
  errorCode: z.string().nullable(),
  error: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RetrainingResponse = z.infer<typeof retrainingResponseSchema>;
