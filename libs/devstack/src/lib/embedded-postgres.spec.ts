import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from './embedded-postgres';
import { silentLog } from './log';
import { freePort } from './ports';

async function query(url: string, sql: string) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('embedded Postgres', () => {
  it('speaks the Postgres protocol and keeps its data across a restart', async () => {
    const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'pglite-')), 'pg');
    const port = await freePort();
    const first = await startEmbeddedPostgres({ port, dataDir, log: silentLog });
    await query(first.url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('survives')");
    await first.stop();

    const second = await startEmbeddedPostgres({ port, dataDir, log: silentLog });
    try {
      expect(await query(second.url, 'SELECT v FROM kept')).toEqual([{ v: 'survives' }]);
    } finally {
      await second.stop();
    }
  }, 60_000);

  it('keeps one connection inside its transaction while another writes', async () => {
    const db = await startEmbeddedPostgres({ port: await freePort(), log: silentLog });
    const a = new Client({ connectionString: db.url });
    const b = new Client({ connectionString: db.url });
    await Promise.all([a.connect(), b.connect()]);
    try {
      await a.query('CREATE TABLE t (v int)');
      await a.query('BEGIN');
      await a.query('INSERT INTO t VALUES (1)');
      const bWrite = b.query('INSERT INTO t VALUES (2)');
      await a.query('ROLLBACK');
      await bWrite;
      expect((await a.query('SELECT v FROM t')).rows).toEqual([{ v: 2 }]);
    } finally {
      await Promise.all([a.end(), b.end()]);
      await db.stop();
    }
  }, 60_000);

  it("keeps each connection's parameterized statements whole when connections interleave", async () => {
    // The extended protocol sends Parse, Bind, Execute and Sync as separate messages; another
    // connection's Parse in between would replace the unnamed statement the Bind refers to.
    // On disk, as `morphsweep up` runs it: syncing to the file system yields between messages.
    const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'pglite-')), 'pg');
    const db = await startEmbeddedPostgres({ port: await freePort(), dataDir, log: silentLog });
    const clients = Array.from({ length: 10 }, () => 0).map(
      () => new Client({ connectionString: db.url }),
    );
    await Promise.all(clients.map((c) => c.connect()));
    try {
      await clients[0]!.query('CREATE TABLE w (id int PRIMARY KEY, a int, b int, c text)');
      const writes = clients.flatMap((client, k) =>
        Array.from({ length: 50 }, (_, i) => {
          const id = k * 1000 + i;
          return k % 2 === 0
            ? client.query('INSERT INTO w (id, a, b, c) VALUES ($1, $2, $3, $4)', [
                id,
                i,
                k,
                `c${id}`,
              ])
            : client.query('INSERT INTO w (id, a) VALUES ($1, $2)', [id, i]);
        }),
      );
      // Transactions hold the database for one connection; others' statements queue behind.
      const transactions = Array.from({ length: 2 }, (_, t) =>
        (async () => {
          const client = new Client({ connectionString: db.url });
          await client.connect();
          for (let i = 0; i < 30; i++) {
            const id = 100_000 + t * 1000 + i;
            await client.query('BEGIN');
            await client.query('INSERT INTO w (id, a, b, c) VALUES ($1, $2, $3, $4)', [
              id,
              i,
              t,
              `t${id}`,
            ]);
            await client.query('UPDATE w SET b = $2, c = $3 WHERE id = $1', [id, i + 1, `u${id}`]);
            await client.query('COMMIT');
          }
          await client.end();
        })(),
      );
      await Promise.all([...writes, ...transactions]);
      const { rows } = await clients[0]!.query(
        'SELECT count(*)::int AS n, count(c)::int AS texts FROM w',
      );
      expect(rows).toEqual([{ n: 560, texts: 310 }]);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
      await db.stop();
    }
  }, 60_000);
});
