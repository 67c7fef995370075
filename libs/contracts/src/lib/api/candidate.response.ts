import { z } from 'zod';

const structureSchema = z
  .record(z.string(), z.number().int().nonnegative())
  .describe('Alive channels per op, in MorphNet structure format');

/** One (run, step, threshold) structure, as `GET /api/runs/:id/candidates` lists it. */
export const candidateResponseSchema = z.object({
  runId: z.uuid(),
  step: z.number().int().nonnegative().describe('The evaluation step it was read at'),
  threshold: z.number().describe('The alive threshold it was read at'),
  structureHash: z.string(),
  structure: structureSchema,
  cost: z.number().describe("Cost of the structure in the sweep's resource"),
  accuracy: z
    .number()
    .nullable()
    .describe("Proxy accuracy: the run's validation accuracy at that step"),
});
export type CandidateResponse = z.infer<typeof candidateResponseSchema>;

/** One distinct structure of a sweep, as `GET /api/sweeps/:id/candidates` lists it. */
export const sweepCandidateResponseSchema = candidateResponseSchema.extend({
  paretoOptimal: z.boolean().describe("On the frontier over the sweep's candidates"),
  sources: z
    .array(z.object({ runId: z.uuid(), step: z.number().int(), threshold: z.number() }))
    .describe('Every (run, step, threshold) that gave this structure'),
});
export type SweepCandidateResponse = z.infer<typeof sweepCandidateResponseSchema>;
