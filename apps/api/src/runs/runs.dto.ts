import { z } from 'zod';
import { RUN_STATES, type MetricPoint, type RunResponse } from '@morphsweep/contracts';
import type { Run, RunMetric } from '@morphsweep/db';
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

export type MetricDto = MetricPoint;

export function toMetricDto({
  runId: _runId,
  createdAt: _createdAt,
  ...point
}: RunMetric): MetricDto {
  return point;
}
