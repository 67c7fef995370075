import type { RetrainingResponse } from '@morphsweep/contracts';
import type { Retraining } from '@morphsweep/db';

/** A retraining as the API returns it: the contract's `retrainingResponseSchema`. */
export function toRetrainingDto(r: Retraining): RetrainingResponse {
  return {
    ...r,
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
