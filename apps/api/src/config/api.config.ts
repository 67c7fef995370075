import { z } from 'zod';
import { DEFAULT_SUBMISSION_LIMITS, type SubmissionLimits } from '@morphsweep/contracts';
import { checkTemporalSettings, temporalSettingsShape } from '@morphsweep/temporal-connection';
import { isLoopbackHost } from '../common/loopback-host';
import { parseDatasetFileRoots } from '../datasets/dataset-file-roots';

const limit = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

/**
 * The API's settings, read once from the environment at boot. Without `API_TOKEN` the API
 * may listen only on a loopback address: anyone who reaches it could drive it.
 */
export const apiConfigSchema = z
  .object({
    API_HOST: z.string().default('127.0.0.1'),
    API_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    DATABASE_URL: z
      .string({ error: 'DATABASE_URL is required (a postgresql:// URL)' })
      .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgresql:// URL'),
    /** Connection-pool size (node-postgres default 10); `morphsweep up` sets 1 for the embedded Postgres. */
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).optional(),
    TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
    TEMPORAL_NAMESPACE: z.string().default('default'),
    // TLS, mTLS and Temporal Cloud API keys, read exactly as the worker reads them.
    ...temporalSettingsShape,
    /**
     * How long a promotion waits for the sweep workflow to answer (a worker must be serving the
     * control queue) before the API gives up with 503.
     */
    PROMOTE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(20_000),
    /**
     * How long a submit, cancel or resume waits for Temporal before answering 503 (the client
     * library alone retries an unreachable server for ~20 s).
     */
    TEMPORAL_RPC_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
    /**
     * Heartbeat timeout of the training activities of the sweeps this API starts: a worker lost
     * mid-training (SIGKILL, a dead machine) is noticed after this long and its cell retried
     * elsewhere. Unset: the workflow's own 60 s. At least 10 s: the worker heartbeats up to 5 s
     * apart, and a busy one must not be mistaken for a lost one.
     */
    TRAINING_HEARTBEAT_TIMEOUT_S: z.coerce
      .number()
      .int('TRAINING_HEARTBEAT_TIMEOUT_S must be a whole number of seconds')
      .min(
        10,
        'TRAINING_HEARTBEAT_TIMEOUT_S must be at least 10 (the worker heartbeats up to 5 s apart)',
      )
      .max(3600)
      .optional(),
    /** How often the reconciler looks for sweeps whose workflow never started or has failed; 0: never. */
    SWEEP_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
    /** How long a sweep stays QUEUED before the reconciler starts its workflow. */
    SWEEP_RECONCILE_AFTER_MS: z.coerce.number().int().min(0).default(60_000),
    ARTIFACTS_URL: z.string().default('file://.data/artifacts'),
    /** When set, every mutating request needs `Authorization: Bearer <API_TOKEN>`. */
    API_TOKEN: z.string().min(16, 'API_TOKEN must be at least 16 characters').optional(),
    /** Largest accepted request body (network descriptions with weights can be large). */
    API_BODY_LIMIT: z
      .string()
      .regex(/^\d+(b|kb|mb)$/i, 'API_BODY_LIMIT must look like 512kb or 5mb')
      .default('5mb'),
    /** Most open `/api/events` streams per API process; one more is refused with 503. */
    EVENTS_MAX_CLIENTS: z.coerce.number().int().min(1).default(1000),
    /** Comma-separated origins allowed by CORS; CORS is off when unset. */
    API_CORS_ORIGINS: z.string().optional(),
    /**
     * Comma-separated absolute folders that `file:///` dataset URIs must lie in; unset: any
     * folder, and only on a loopback-only API (registering reads every file under the URI).
     */
    DATASET_FILE_ROOTS: z
      .string()
      .optional()
      .superRefine((value, ctx) => {
        if (value === undefined) return;
        try {
          parseDatasetFileRoots(value);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
        }
      }),
    /** Folder of the built dashboard served at `/` (default: apps/dashboard/dist). */
    DASHBOARD_DIR: z.string().optional(),
    // Submission limits (contracts' SubmissionLimits): a submitted sweep or an inspected
    // network over one is a 400 naming the limit and the value.
    /** Most trainable parameters of a seed network. */
    API_MAX_PARAMETERS: limit(DEFAULT_SUBMISSION_LIMITS.maxParameters),
    /** Most float32 activation bytes of one training step (per example × batch size). */
    API_MAX_ACTIVATION_BYTES: limit(DEFAULT_SUBMISSION_LIMITS.maxActivationBytes),
    /** Most layers of a network description. */
    API_MAX_LAYERS: limit(DEFAULT_SUBMISSION_LIMITS.maxLayers),
    /** Largest `dataset.subsetSize`. */
    API_MAX_SUBSET_SIZE: limit(DEFAULT_SUBMISSION_LIMITS.maxSubsetSize),
    /** Deepest nesting of arrays and objects in a JSON request body. */
    API_MAX_JSON_DEPTH: limit(DEFAULT_SUBMISSION_LIMITS.maxJsonDepth),
  })
  .superRefine(checkTemporalSettings)
  .refine((c) => c.API_TOKEN !== undefined || isLoopbackHost(c.API_HOST), {
    path: ['API_HOST'],
    message:
      'is not a loopback address: without API_TOKEN anyone who can reach it could drive the API; set API_TOKEN (at least 16 characters) or listen on 127.0.0.1',
  });

export type ApiConfig = z.infer<typeof apiConfigSchema>;

/** Injection token of the parsed {@link ApiConfig}. */
export const API_CONFIG = Symbol('API_CONFIG');

/**
 * Parses `env` into an {@link ApiConfig}; throws one error listing every bad variable, so a
 * misconfigured API refuses to start instead of failing on first use.
 */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const parsed = apiConfigSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new Error(`invalid API configuration:\n${lines.join('\n')}`);
}

/** The submission limits the configuration sets (each `API_MAX_*` variable, or its default). */
export function submissionLimitsOf(config: ApiConfig): SubmissionLimits {
  return {
    maxParameters: config.API_MAX_PARAMETERS,
    maxActivationBytes: config.API_MAX_ACTIVATION_BYTES,
    maxLayers: config.API_MAX_LAYERS,
    maxSubsetSize: config.API_MAX_SUBSET_SIZE,
    maxJsonDepth: config.API_MAX_JSON_DEPTH,
  };
}
