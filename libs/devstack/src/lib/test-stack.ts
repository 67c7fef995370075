import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from './embedded-postgres';
import { consoleLog } from './log';
import { freePort } from './ports';
import { startPostgresServer } from './postgres-server';
import { startSeaweedS3, type SeaweedS3 } from './seaweedfs-server';
import { startTemporalServer } from './temporal-server';

export interface TestStackOptions {
  temporal?: boolean;
  /** 'real': PostgreSQL from the OS packages (or TEST_DATABASE_URL); 'embedded': PGlite. */
  postgres?: 'real' | 'embedded';
  s3?: boolean;
}

/** Addresses of the servers a test stack started (plain data, so Vitest can `provide` it). */
export interface TestStackInfo {
  temporalAddress?: string;
  databaseUrl?: string;
  s3?: Omit<SeaweedS3, 'stop'>;
}

/**
 * Starts the real servers an integration test suite needs, each on a free loopback port
 * with its state in a temporary directory; `stop()` ends them and removes that state.
 */
export async function startTestStack(
  options: TestStackOptions,
): Promise<{ info: TestStackInfo; stop: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'morphsweep-stack-'));
  const stops: Array<() => Promise<void>> = [];
  const info: TestStackInfo = {};
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (options.temporal) {
      const temporal = await startTemporalServer({ port: await freePort(), log: consoleLog });
      stops.push(() => temporal.stop());
      info.temporalAddress = temporal.address;
    }
    if (options.postgres === 'embedded') {
      const pg = await startEmbeddedPostgres({ port: await freePort(), log: consoleLog });
      stops.push(() => pg.stop());
      info.databaseUrl = pg.url;
    } else if (options.postgres === 'real') {
      const external = process.env['TEST_DATABASE_URL'];
      const pg = external ? undefined : await startPostgresServer(await freePort());
      if (pg) stops.push(() => pg.stop());
      info.databaseUrl = external ?? pg?.url;
    }
    if (options.s3) {
      const { stop: stopS3, ...s3 } = await startSeaweedS3({
        port: await freePort(),
        dataDir: path.join(dir, 's3'),
        bucket: 'morphsweep-test',
        accessKeyId: 'morphsweep',
        secretAccessKey: 'morphsweep-secret',
        log: consoleLog,
      });
      stops.push(stopS3);
      info.s3 = s3;
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { info, stop };
}
