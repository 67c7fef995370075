import { z } from 'zod';
import { SWEEP_STATES, type SweepState } from '@morphsweep/contracts';
import type { Sweep } from '@morphsweep/db';
import { pageQuerySchema } from '../common/pagination.dto';

export const listSweepsQuerySchema = pageQuerySchema.extend({
  status: z.enum(SWEEP_STATES).optional().describe('Only sweeps in this state'),
});

/** A sweep as the API returns it. */
export interface SweepDto {
  id: string;
  name: string;
  status: SweepState;
  spec: unknown;
  seedCost: number | null;
  workflowId: string;
  createdAt: string;
  updatedAt: string;
  counts: Record<SweepState, number>;
  total: number;
}

export function toSweepDto(sweep: Sweep, counts: Record<SweepState, number>): SweepDto {
  return {
    id: sweep.id,
    name: sweep.name,
    status: sweep.status,
    spec: sweep.spec,
    seedCost: sweep.seedCost,
    workflowId: sweep.workflowId,
    createdAt: sweep.createdAt.toISOString(),
    updatedAt: sweep.updatedAt.toISOString(),
    counts,
    total: Object.values(counts).reduce((a, b) => a + b, 0),
  };
}
