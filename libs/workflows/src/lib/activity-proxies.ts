import { ActivityCancellationType, proxyActivities } from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import type { ControlActivities, TrainingActivities } from '@morphsweep/activities';
import { TASK_QUEUES, type TaskQueue } from '@morphsweep/contracts';

/** Timeouts and retries of training activities, settable per sweep (tests shorten them). */
export interface TrainingActivityOptions {
  /** A training attempt with no heartbeat for this long is retried elsewhere [60s]. */
  heartbeatTimeout?: Duration;
  /** Longest one attempt may run [24h]. */
  startToCloseTimeout?: Duration;
  /** Attempts per cell before it is marked FAILED (INFRASTRUCTURE) [5]. */
  maximumAttempts?: number;
  /** First retry delay, doubled each time up to a minute [2s]. */
  initialRetryInterval?: Duration;
}

/** Control-queue activities: short, retried until they succeed (they are idempotent). */
export const control = proxyActivities<ControlActivities>({
  taskQueue: TASK_QUEUES.control,
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/**
 * Training activities on `taskQueue`. Cancellation waits for the activity to acknowledge,
 * so a cancelled cell is recorded CANCELLED only after its loop has stopped.
 */
export function trainingActivities(taskQueue: TaskQueue, options: TrainingActivityOptions = {}) {
  return proxyActivities<TrainingActivities>({
    taskQueue,
    startToCloseTimeout: options.startToCloseTimeout ?? '24 hours',
    heartbeatTimeout: options.heartbeatTimeout ?? '60 seconds',
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: {
      initialInterval: options.initialRetryInterval ?? '2 seconds',
      backoffCoefficient: 2,
      maximumInterval: '1 minute',
      maximumAttempts: options.maximumAttempts ?? 5,
    },
  });
}
