import { z } from 'zod';
import { TASK_QUEUES, type TaskQueue } from '@morphsweep/contracts';
import { DEFAULT_ARTIFACTS_URL } from '@morphsweep/storage';

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

const flag = z
  .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1');
const file = z.string().min(1, 'must name a file').optional();
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
    TEMPORAL_TLS: flag.optional(),
    TEMPORAL_TLS_CERT: file,
    TEMPORAL_TLS_KEY: file,
    TEMPORAL_TLS_CA: file,
    TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
    TEMPORAL_API_KEY: z.string().min(1).optional(),
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
  .superRefine((env, ctx) => {
    if ((env.TEMPORAL_TLS_CERT === undefined) !== (env.TEMPORAL_TLS_KEY === undefined)) {
      const missing =
        env.TEMPORAL_TLS_CERT === undefined ? 'TEMPORAL_TLS_CERT' : 'TEMPORAL_TLS_KEY';
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: 'the client certificate and key go together: set both or neither',
      });
    }
    if (env.TEMPORAL_TLS === false && usesTls({ ...env, TEMPORAL_TLS: undefined })) {
      ctx.addIssue({
        code: 'custom',
        path: ['TEMPORAL_TLS'],
        message: 'is false, but TLS files or TEMPORAL_API_KEY are set (they need TLS)',
      });
    }
  });

export type WorkerConfig = z.output<typeof workerEnvSchema>;

/** Whether the Temporal connection uses TLS: asked for, or implied by a TLS file or API key. */
export function usesTls(
  config: Pick<
    WorkerConfig,
    'TEMPORAL_TLS' | 'TEMPORAL_TLS_CERT' | 'TEMPORAL_TLS_CA' | 'TEMPORAL_API_KEY'
  >,
): boolean {
  return (
    config.TEMPORAL_TLS ??
    Boolean(config.TEMPORAL_TLS_CERT || config.TEMPORAL_TLS_CA || config.TEMPORAL_API_KEY)
  );
}

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
