import { z } from 'zod';
import type { ParetoSummary } from '../pareto';
import { SWEEP_STATES } from '../run-states';
import { sweepSpecSchema } from '../sweep.schema';

const countsSchema = z.record(z.enum(SWEEP_STATES), z.number().int().nonnegative());

/** A sweep as the API returns it (dates as ISO strings). */
export const sweepResponseSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  status: z.enum(SWEEP_STATES),
  spec: sweepSpecSchema.describe('The validated spec, as stored'),
  seedCost: z.number().nullable().describe("The seed network's cost in the sweep's resource"),
  workflowId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  counts: countsSchema.describe('Runs per state'),
  total: z.number().int().nonnegative(),
});
export type SweepResponse = z.infer<typeof sweepResponseSchema>;

/** `GET /api/sweeps/:id`: a sweep with its Pareto summary (null before any run succeeded). */
export const sweepDetailResponseSchema = sweepResponseSchema.extend({
  pareto: z.custom<ParetoSummary>().nullable(),
});
export type SweepDetailResponse = z.infer<typeof sweepDetailResponseSchema>;
