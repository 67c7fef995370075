import { z } from 'zod';
import { MORPHNET_FAMILIES, TARGET_RESOURCES } from '@morphsweep/contracts';

export { zooEntrySchema, type ZooEntry } from '@morphsweep/contracts';

/** `?family=&resource=&hardware=&count=` of the strength-grid suggestion. */
export const suggestionQuerySchema = z.object({
  family: z.enum(MORPHNET_FAMILIES).default('gamma'),
  resource: z.enum(TARGET_RESOURCES).default('flops'),
  hardware: z.string().min(1).optional().describe('Hardware profile, for the latency resource'),
  count: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(5)
    .describe('Strengths in the suggested log range'),
});
