import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyMigrations, DEFAULT_MIGRATIONS_DIR } from './apply-migrations';

const REPLICAS_MIGRATION = '20261201140000_retraining_replicas';

// The replicas migration over retrainings written before it: on a database of its own,
// migrated to the one before, filled, then migrated the rest of the way.
describe(`migration ${REPLICAS_MIGRATION}`, () => {
  const server = inject('databaseUrls').postgres;
  const database = `replicas_${randomUUID().replaceAll('-', '')}`;
  const url = Object.assign(new URL(server), { pathname: `/${database}` }).toString();
  let before: string;
  let db: Client;

  beforeAll(async () => {
    const admin = new Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    before = await mkdtemp(path.join(tmpdir(), 'migrations-'));
    await cp(DEFAULT_MIGRATIONS_DIR, before, {
      recursive: true,
      filter: (source) => !source.includes(REPLICAS_MIGRATION),
    });
    await applyMigrations(url, before);
    db = new Client({ connectionString: url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await rm(before, { recursive: true, force: true });
    const admin = new Client({ connectionString: server });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.end();
  });

  async function retrainingOf(spec: object): Promise<string> {
    const [sweepId, retrainingId] = [randomUUID(), randomUUID()];
    await db.query(
      `INSERT INTO "Sweep" (id, name, spec, "workflowId", "updatedAt") VALUES ($1, 'old', $2, $3, now())`,
      [sweepId, JSON.stringify(spec), `sweep-${sweepId}`],
    );
    await db.query(
      `INSERT INTO "Retraining" (id, "sweepId", "structureHash", trigger, "workflowId", "updatedAt")
       VALUES ($1, $2, 'h', 'PROMOTED', $3, now())`,
      [retrainingId, sweepId, `retrain-${sweepId}-h`],
    );
    return retrainingId;
  }

  it("makes existing retrainings replica 0 with their sweep spec's seed (0 without one)", async () => {
    const seeded = await retrainingOf({ seed: 42 });
    const unseeded = await retrainingOf({});
    expect((await applyMigrations(url)).applied).toEqual([REPLICAS_MIGRATION]);
    const { rows } = await db.query(
      `SELECT id, replica, seed FROM "Retraining" WHERE id = ANY($1::uuid[])`,
      [[seeded, unseeded]],
    );
    expect(Object.fromEntries(rows.map((r) => [r.id, [r.replica, r.seed]]))).toEqual({
      [seeded]: [0, 42],
      [unseeded]: [0, 0],
    });
    // Another replica of the same structure and kind is now a row of its own.
    const [row] = (await db.query(`SELECT * FROM "Retraining" WHERE id = $1`, [seeded])).rows;
    await db.query(
      `INSERT INTO "Retraining" (id, "sweepId", "structureHash", trigger, "workflowId", "updatedAt", replica, seed)
       VALUES ($1, $2, 'h', 'PROMOTED', $3, now(), 1, 7)`,
      [randomUUID(), row.sweepId, `${row.workflowId}-r1`],
    );
    await expect(
      db.query(
        `INSERT INTO "Retraining" (id, "sweepId", "structureHash", trigger, "workflowId", "updatedAt", replica, seed)
         VALUES ($1, $2, 'h', 'PROMOTED', $3, now(), 1, 7)`,
        [randomUUID(), row.sweepId, `${row.workflowId}-again`],
      ),
    ).rejects.toThrow(/Retraining_sweepId_structureHash_kind_replica_key/);
  });
});
