import path from 'node:path';
import { z } from 'zod';

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

/**
 * Settings of `morphsweep up`, from the environment. Each external service is started
 * locally unless its address is given: TEMPORAL_ADDRESS, DATABASE_URL, ARTIFACTS_URL.
 */
export const localStackConfigSchema = z.object({
  MORPHSWEEP_DATA_DIR: z.string().optional(),
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_PORT: port(7233),
  TEMPORAL_UI_PORT: port(8233),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
    .optional(),
  POSTGRES_PORT: port(5433),
  ARTIFACTS_URL: z.string().optional(),
  API_HOST: z.string().default('127.0.0.1'),
  API_PORT: port(3000),
});

export type LocalStackConfig = z.infer<typeof localStackConfigSchema> & { dataDir: string };

/** Parses the environment; throws one error naming every bad variable. */
export function loadLocalStackConfig(
  env: NodeJS.ProcessEnv,
  defaultDataDir: string,
): LocalStackConfig {
  const parsed = localStackConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return {
    ...parsed.data,
    dataDir: path.resolve(parsed.data.MORPHSWEEP_DATA_DIR ?? defaultDataDir),
  };
}
