import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { inject } from 'vitest';
import { loadApiConfig } from '../config/api.config';
import { createApp } from '../create-app';

/** The API on an ephemeral port against the test stack (real Postgres and Temporal), quiet. */
export async function serveApi(
  env: Record<string, string> = {},
): Promise<{ app: INestApplication; url: string }> {
  const stack = inject('stack');
  const config = loadApiConfig({
    DATABASE_URL: stack.databaseUrl!,
    TEMPORAL_ADDRESS: stack.temporalAddress!,
    ARTIFACTS_URL: `file://${mkdtempSync(path.join(os.tmpdir(), 'api-'))}`,
    // One connection per app, as `morphsweep up` runs it against the embedded Postgres.
    DATABASE_POOL_MAX: '1',
    ...env,
  });
  const app = await createApp(config, { logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}
