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
});
