import { z } from 'zod';
import type { ParetoSummary } from '../pareto';
import { SWEEP_STATES } from '../run-states';
import { sweepSpecSchema } from '../sweep.schema';

const countsSchema = z.record(z.enum(SWEEP_STATES), z.number().int().nonnegative());

/**
 * A sweep as `GET /api/sweeps` lists it: everything but the spec (a seed description can
 * weigh megabytes; the sweep's own GET has it), with its runs per state.
 */
export const sweepSummarySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  status: z.enum(SWEEP_STATES),
  seedCost: z.number().nullable().describe("The seed network's cost in the sweep's resource"),
  workflowId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  counts: countsSchema.describe('Runs per state'),
  total: z.number().int().nonnegative(),
});
export type SweepSummary = z.infer<typeof sweepSummarySchema>;

/** A sweep as the API returns it alone (create, cancel, resume): its summary and its spec. */
export const sweepResponseSchema = sweepSummarySchema.extend({
  spec: sweepSpecSchema.describe('The validated spec, as stored'),
});
export type SweepResponse = z.infer<typeof sweepResponseSchema>;

/** `GET /api/sweeps/:id`: a sweep with its Pareto summary (null before any run succeeded). */
export const sweepDetailResponseSchema = sweepResponseSchema.extend({
  pareto: z.custom<ParetoSummary>().nullable(),
});
export type SweepDetailResponse = z.infer<typeof sweepDetailResponseSchema>;
