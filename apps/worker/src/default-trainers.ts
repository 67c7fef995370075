import type { ActivityDeps } from '@morphsweep/activities';

/**
 * The training loops a production worker uses. TODO(orchestration, #5): wire
 * `learnStructure` and `retrain` from `@morphsweep/training` once that library exports them;
 * until then a training activity fails non-retryably with INVALID_CONFIG on this worker.
 */
export function defaultTrainers(): Pick<ActivityDeps, 'learnStructure' | 'retrain'> {
  return {};
}
