import { z } from 'zod';
import {
  MORPHNET_FAMILIES,
  morphnetTargetSchema,
  strengthSuggestionSchema,
  TARGET_RESOURCES,
} from '@morphsweep/contracts';
import { ZOO_NETWORKS } from '@morphsweep/morphnet';

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

/** `/zoo/:name/...`: a zoo network's name (any other name is a 404). */
export const zooNameParamsSchema = z.object({
  name: z.enum(ZOO_NETWORKS as [string, ...string[]]).describe('A zoo network'),
});

/** `GET /api/zoo/:name/strength-grid`: the target it was computed for and the suggestion. */
export const strengthGridResponseSchema = strengthSuggestionSchema.extend({
  network: z.string(),
  ...morphnetTargetSchema.shape,
});
