import type { z } from 'zod';
import { sweepSpecSchema, type SweepSpec } from './sweep.schema';

/** One field-level problem: `path` is dotted (`grid.thresholds.2`), `''` for the whole spec. */
export interface SpecIssue {
  path: string;
  message: string;
}

/** A validation outcome: the parsed spec, or every issue found. */
export type SpecValidation = { ok: true; spec: SweepSpec } | { ok: false; issues: SpecIssue[] };

/** Turns zod issues into dotted-path {@link SpecIssue}s. */
export function toSpecIssues(issues: readonly z.core.$ZodIssue[]): SpecIssue[] {
  return issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/**
 * Validates a submitted spec against {@link sweepSpecSchema} (the morphnet-free checks);
 * never throws.
 */
export function parseSweepSpec(input: unknown): SpecValidation {
  const result = sweepSpecSchema.safeParse(input);
  return result.success
    ? { ok: true, spec: result.data }
    : { ok: false, issues: toSpecIssues(result.error.issues) };
}
