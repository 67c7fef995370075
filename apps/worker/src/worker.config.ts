import { z } from 'zod';
import { TASK_QUEUES, type TaskQueue } from '@morphsweep/contracts';
import { DEFAULT_ARTIFACTS_URL } from '@morphsweep/storage';

const ALL_QUEUES = Object.values(TASK_QUEUES) as TaskQueue[];

/**
 * The worker's environment: `DATABASE_URL` (required), `TEMPORAL_ADDRESS` [localhost:7233],
 * `TEMPORAL_NAMESPACE` [default], `ARTIFACTS_URL` [file://.data/artifacts], `WORKER_QUEUES`
 * (comma-separated task queues [all three]), `TRAINING_SLOTS` (concurrent trainings per
 * training queue [1]), `WORKER_IDENTITY` [hostname:pid].
 */
export const workerEnvSchema = z.object({
  DATABASE_URL: z.string().min(1, 'DATABASE_URL must name the Postgres database'),
  /** Connection-pool size (node-postgres default 10); `morphsweep up` sets 1 for the embedded Postgres. */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).optional(),
  TEMPORAL_ADDRESS: z.string().min(1).default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  ARTIFACTS_URL: z.string().min(1).default(DEFAULT_ARTIFACTS_URL),
  WORKER_QUEUES: z
    .string()
    .default(ALL_QUEUES.join(','))
    .transform((s) =>
      s
        .split(',')
        .map((q) => q.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(ALL_QUEUES as [TaskQueue, ...TaskQueue[]])).min(1)),
  TRAINING_SLOTS: z.coerce.number().int().min(1).max(64).default(1),
  WORKER_IDENTITY: z.string().min(1).optional(),
});

export type WorkerConfig = z.output<typeof workerEnvSchema>;

/** Parses `env`; throws an Error listing every bad variable. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const parsed = workerEnvSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new Error(`invalid worker configuration:\n${lines.join('\n')}`);
}
