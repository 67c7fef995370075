import { z } from 'zod';
import { TASK_QUEUES, type TaskQueue } from '@morphsweep/contracts';
import { DEFAULT_ARTIFACTS_URL } from '@morphsweep/storage';
import { checkTemporalSettings, temporalSettingsShape } from '@morphsweep/temporal-connection';

export const ALL_QUEUES = Object.values(TASK_QUEUES) as TaskQueue[];

/** `auto`: the training queue of this host's accelerator, known once the backend is chosen. */
export const AUTO_QUEUES = 'auto';

const QUEUE_ALIASES: Readonly<Record<string, TaskQueue>> = {
  control: TASK_QUEUES.control,
  gpu: TASK_QUEUES.trainGpu,
  cpu: TASK_QUEUES.trainCpu,
};

/**
 * Parses a comma-separated queue list (full names or `control`, `gpu`, `cpu`) or `auto`;
 * throws an Error naming every unknown entry.
 */
export function parseQueues(value: string): TaskQueue[] | typeof AUTO_QUEUES {
  const names = value
    .split(',')
    .map((q) => q.trim())
    .filter(Boolean);
  if (names.length === 1 && names[0] === AUTO_QUEUES) return AUTO_QUEUES;
  if (names.length === 0) throw new Error('names no task queue');
  const unknown = names.filter((n) => !(n in QUEUE_ALIASES) && !ALL_QUEUES.includes(n as never));
  if (unknown.length > 0) {
    throw new Error(
      `unknown task queue ${unknown.map((n) => `"${n}"`).join(', ')}; expected ${AUTO_QUEUES} or some of ${[...Object.keys(QUEUE_ALIASES), ...ALL_QUEUES].join(', ')}`,
    );
  }
  return [...new Set(names.map((n) => QUEUE_ALIASES[n] ?? (n as TaskQueue)))];
}

const ms = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

/**
 * The worker's environment (docs/configuration.md, "The worker"): `DATABASE_URL` is
 * required; Temporal's address, namespace, TLS files and API key; the artifact store; the
 * queues, slots and identity; the shutdown grace and start-up check timeout.
 */
export const workerEnvSchema = z
  .object({
    DATABASE_URL: z
      .string({ message: 'must name the Postgres database (postgresql://…)' })
      .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL'),
    /** Connection-pool size (node-postgres default 10); `morphsweep up` sets 1 for the embedded Postgres. */
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).optional(),
    TEMPORAL_ADDRESS: z.string().min(1).default('localhost:7233'),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    ...temporalSettingsShape,
    ARTIFACTS_URL: z.string().min(1).default(DEFAULT_ARTIFACTS_URL),
    WORKER_QUEUES: z
      .string()
      .default(ALL_QUEUES.join(','))
      .transform((value, ctx) => {
        try {
          return parseQueues(value);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
          return z.NEVER;
        }
      }),
    TRAINING_SLOTS: z.coerce.number().int().min(1).max(64).default(1),
    WORKER_IDENTITY: z.string().min(1).optional(),
    WORKER_SHUTDOWN_GRACE_MS: ms(10_000),
    WORKER_CONNECT_TIMEOUT_MS: ms(10_000).pipe(z.number().min(1)),
  })
  .superRefine(checkTemporalSettings);

export type WorkerConfig = z.output<typeof workerEnvSchema>;

/** A bad worker environment: the message lists every bad variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses `env`; throws a ConfigError listing every bad variable. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const parsed = workerEnvSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new ConfigError(`invalid worker configuration:\n${lines.join('\n')}`);
}
