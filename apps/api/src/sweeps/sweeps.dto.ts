import { z } from 'zod';
import {
  SWEEP_STATES,
  type SweepResponse,
  type SweepSpec,
  type SweepSummary,
  type SweepState,
} from '@morphsweep/contracts';
import type { RunCounts, Sweep, SweepSummaryRow } from '@morphsweep/db';
import { pageQuerySchema } from '../common/pagination.dto';

export const listSweepsQuerySchema = pageQuerySchema.extend({
  status: z.enum(SWEEP_STATES).optional().describe('Only sweeps in this state'),
});

/** Longest accepted `Idempotency-Key`: a key is stored in a unique (btree) index. */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

/**
 * An `Idempotency-Key` header: 1–255 visible ASCII characters (`!` to `~`, no spaces), which
 * fits a UUID, a ULID or base64. Anything else is a 400 rather than a key that the database
 * index cannot hold.
 */
export const idempotencyKeySchema = z
  .string()
  .max(
    IDEMPOTENCY_KEY_MAX_LENGTH,
    `Idempotency-Key must be at most ${IDEMPOTENCY_KEY_MAX_LENGTH} characters`,
  )
  .regex(/^[\x21-\x7e]+$/, 'Idempotency-Key must be visible ASCII characters (! to ~), no spaces');

/** A sweep as the API returns it: the contract's `sweepResponseSchema`. */
export type SweepDto = SweepResponse;

export function toSweepDto(sweep: Sweep, counts: Record<SweepState, number>): SweepDto {
  return {
    ...toSweepSummary({ ...sweep, counts }),
    // Stored only after validation (the spec as parsed), so it has the contract's shape.
    spec: sweep.spec as SweepSpec,
  };
}

/** A sweep as lists show it: the contract's `sweepSummarySchema` (no spec). */
export function toSweepSummary(sweep: SweepSummaryRow & { counts: RunCounts }): SweepSummary {
  return {
    id: sweep.id,
    name: sweep.name,
    status: sweep.status,
    seedCost: sweep.seedCost,
    workflowId: sweep.workflowId,
    createdAt: sweep.createdAt.toISOString(),
    updatedAt: sweep.updatedAt.toISOString(),
    counts: sweep.counts,
    total: Object.values(sweep.counts).reduce((a, b) => a + b, 0),
  };
}
