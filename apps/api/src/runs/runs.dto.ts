import { z } from 'zod';
import { RUN_STATES } from '@morphsweep/contracts';
import type { Run, RunMetric } from '@morphsweep/db';
import { pageQuerySchema } from '../common/pagination.dto';

export const listRunsQuerySchema = pageQuerySchema.extend({
  status: z.enum(RUN_STATES).optional(),
  sortBy: z.enum(['cellIndex', 'cost', 'accuracy', 'status', 'createdAt']).default('cellIndex'),
  order: z.enum(['asc', 'desc']).default('asc'),
});

/** A run as the API returns it (dates as ISO strings). */
export type RunDto = Omit<Run, 'startedAt' | 'finishedAt' | 'createdAt' | 'updatedAt'> & {
  startedAt: string | null;
  finishedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export function toRunDto(run: Run): RunDto {
  return {
    ...run,
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    createdAt: run.createdAt.toISOString(),
    updatedAt: run.updatedAt.toISOString(),
  };
}

export type MetricDto = Omit<RunMetric, 'runId' | 'createdAt'>;

export function toMetricDto({ runId: _runId, createdAt: _createdAt, ...point }: RunMetric): MetricDto {
  return point;
}
