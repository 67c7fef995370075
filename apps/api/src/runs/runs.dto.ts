import { z } from 'zod';
import { RUN_STATES, type RunResponse } from '@morphsweep/contracts';
import type { Run } from '@morphsweep/db';
import { pageQuerySchema } from '../common/pagination.dto';

export const listRunsQuerySchema = pageQuerySchema.extend({
  status: z.enum(RUN_STATES).optional().describe('Only runs in this state'),
  sortBy: z
    .enum(['cellIndex', 'cost', 'accuracy', 'status', 'createdAt'])
    .default('cellIndex')
    .describe(
      'Sort key; runs without a cost or accuracy come last; status sorts QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED; ties by cell index',
    ),
  order: z.enum(['asc', 'desc']).default('asc'),
});

/** Most points one metrics request returns, as a page or downsampled. */
export const MAX_METRIC_POINTS = 10_000;

/** The largest step a run can have (a Postgres `integer`). */
const MAX_STEP = 2 ** 31 - 1;

/**
 * `GET /api/runs/:id/metrics`: a keyset page (`afterStep`, `limit`) or, with `maxPoints`,
 * the whole curve after `afterStep` downsampled to at most that many points. `limit` and
 * `maxPoints` together are a 400: a downsampled curve has no pages.
 */
export const metricsQuerySchema = z
  .object({
    afterStep: z.coerce
      .number()
      .int()
      .min(-1)
      // Steps are 32-bit integers in the database: a larger bound would be a 500, not a page.
      .max(MAX_STEP)
      .default(-1)
      .describe("Only points after this step (the previous page's `nextAfterStep`)"),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_METRIC_POINTS)
      .optional()
      .describe('Points per page (default 1000)'),
    maxPoints: z.coerce
      .number()
      .int()
      .min(10)
      .max(MAX_METRIC_POINTS)
      .optional()
      .describe(
        "Downsample to at most this many stored points: the ends, and each series' lowest and highest point per bucket of steps",
      ),
  })
  .refine((q) => q.limit === undefined || q.maxPoints === undefined, {
    path: ['maxPoints'],
    message: 'give either limit (a page) or maxPoints (downsampled), not both',
  });

/** `?format=` of the structure download. */
export const structureQuerySchema = z.object({
  format: z
    .enum(['morphnet', 'network'])
    .default('morphnet')
    .describe(
      'morphnet: alive counts per op (MorphNet JSON); network: the slimmed network description',
    ),
});

/** A run as the API returns it: the contract's `runResponseSchema`. */
export type RunDto = RunResponse;

export function toRunDto(run: Run): RunDto {
  return {
    ...run,
    // Written only from an exported MorphNet structure: alive counts per op.
    structure: run.structure as Record<string, number> | null,
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    createdAt: run.createdAt.toISOString(),
    updatedAt: run.updatedAt.toISOString(),
  };
}
