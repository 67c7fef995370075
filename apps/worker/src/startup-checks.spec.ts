// Each start-up check against a real server that is there and one that is not: the message
// must name the variable an operator has to fix.
import { describe, expect, inject, it } from 'vitest';
import { createDb } from '@morphsweep/db';
import { freePort } from '@morphsweep/devstack';
import { LocalArtifactStore, S3ArtifactStore } from '@morphsweep/storage';
import {
  checkArtifactStore,
  checkDatabase,
  connectTemporal,
  DependencyError,
  redactUrl,
} from './startup-checks';

describe('start-up checks', () => {
  it('Temporal: connects to the dev server; an unreachable address names TEMPORAL_ADDRESS', async () => {
    const address = inject('stack').temporalAddress!;
    const connection = await connectTemporal({ address }, 'default', 10_000);
    await connection.close();

    const dead = `127.0.0.1:${await freePort()}`;
    const error = await connectTemporal({ address: dead }, 'default', 5_000).catch((e) => e);
    expect(error).toBeInstanceOf(DependencyError);
    expect(error.message).toMatch(`cannot reach Temporal at ${dead} (TEMPORAL_ADDRESS`);
  });

  it('Temporal: an unknown namespace names TEMPORAL_NAMESPACE', async () => {
    const address = inject('stack').temporalAddress!;
    await expect(connectTemporal({ address }, 'no-such-namespace', 10_000)).rejects.toThrow(
      /refused namespace "no-such-namespace" \(TEMPORAL_NAMESPACE/,
    );
  });

  it('Postgres: answers; an unreachable one names DATABASE_URL without its password', async () => {
    const url = inject('stack').databaseUrl!;
    const db = createDb(url, { maxConnections: 1 });
    await checkDatabase(db, url, 10_000);
    await db.$disconnect();

    const dead = `postgresql://morph:hunter2@127.0.0.1:${await freePort()}/morphsweep`;
    const down = createDb(dead, { maxConnections: 1 });
    const error = await checkDatabase(down, dead, 5_000).catch((e) => e);
    await down.$disconnect();
    expect(error.message).toMatch(
      /^cannot reach Postgres at postgresql:\/\/morph:\*\*\*@127\.0\.0\.1:\d+\/morphsweep \(DATABASE_URL\): /,
    );
    expect(error.message).not.toContain('hunter2');
  });

  it('artifacts: a local store answers; an unreachable S3 names ARTIFACTS_URL and S3_ENDPOINT', async () => {
    await checkArtifactStore(new LocalArtifactStore('/tmp'), 5_000);
    const s3 = new S3ArtifactStore({
      bucket: 'missing',
      prefix: '',
      client: {
        endpoint: `http://127.0.0.1:${await freePort()}`,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
        maxAttempts: 1,
      },
    });
    await expect(checkArtifactStore(s3, 5_000)).rejects.toThrow(
      /^cannot use the artifact store s3:\/\/missing \(ARTIFACTS_URL; S3_ENDPOINT/,
    );
  });

  it('redacts only the password of a URL', () => {
    expect(redactUrl('postgresql://u:p@h:5432/d?sslmode=disable')).toBe(
      'postgresql://u:***@h:5432/d?sslmode=disable',
    );
    expect(redactUrl('postgresql://h/d')).toBe('postgresql://h/d');
  });
});
