import { z } from 'zod';

/** The most alive thresholds a sweep may read each run's structure at. */
export const MAX_CANDIDATE_THRESHOLDS = 16;

/**
 * Candidates per run, opt-in: every evaluation step of every run is read at the run's own
 * alive threshold and at each of `thresholds` (default: the grid's thresholds), each costed
 * and stored; equal structures are one candidate, and the Pareto frontier that auto
 * retraining picks from is the candidates' (the runs' own stays as it was).
 */
export const candidatesSchema = z
  .object({
    thresholds: z.array(z.number().finite()).min(1).max(MAX_CANDIDATE_THRESHOLDS).optional(),
  })
  .strict();

export type CandidatesSpec = z.output<typeof candidatesSchema>;
