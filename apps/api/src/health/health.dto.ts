import { z } from 'zod';
import type { HealthReport } from './health.service';

const dependencySchema = z.object({
  status: z.enum(['up', 'down']),
  latencyMs: z.number(),
  error: z.string().optional(),
});

/** `GET /api/health`'s body, the same at 200 and 503 (checked against `HealthReport`). */
export const healthReportSchema: z.ZodType<HealthReport> = z.object({
  status: z.enum(['ok', 'degraded']),
  dependencies: z.object({
    temporal: dependencySchema,
    database: dependencySchema,
    artifacts: dependencySchema,
  }),
  training: z
    .object({
      backend: z.enum(['node-gpu', 'node', 'wasm']),
      tensorflowVersion: z.string().optional(),
      devices: z.array(z.string()),
      source: z.string(),
    })
    .describe('The training backend workers on this host use (informational)'),
});
