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
  /**
   * Longest a cell may take over all its attempts, retry waits included, before it is marked
   * FAILED (INFRASTRUCTURE) [7 days]. This, not an attempt count, bounds the retries.
   */
  scheduleToCloseTimeout?: Duration;
  /** Attempts per cell before it is marked FAILED (INFRASTRUCTURE) [unlimited]. */
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
 *
 * Transient failures (database or store outages, a worker killed or restarted during a
 * deploy) retry with no attempt cap, at most a minute apart, until the schedule-to-close
 * timeout: five attempts 2→4→8→16 s apart did not outlast a 30 s Postgres outage, and every
 * worker restart spent one. Permanent failures are thrown non-retryable by the activity and
 * are not retried. Retry options are not part of replay's determinism check (the replay spec
 * checks it), so changing them needs no patch.
 */
export function trainingActivities(taskQueue: TaskQueue, options: TrainingActivityOptions = {}) {
  return proxyActivities<TrainingActivities>({
    taskQueue,
    startToCloseTimeout: options.startToCloseTimeout ?? '24 hours',
    scheduleToCloseTimeout: options.scheduleToCloseTimeout ?? '7 days',
    heartbeatTimeout: options.heartbeatTimeout ?? '60 seconds',
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: {
      initialInterval: options.initialRetryInterval ?? '2 seconds',
      backoffCoefficient: 2,
      maximumInterval: '1 minute',
      ...(options.maximumAttempts === undefined
        ? {}
        : { maximumAttempts: options.maximumAttempts }),
    },
  });
}
