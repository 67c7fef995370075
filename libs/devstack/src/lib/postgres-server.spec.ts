import { Client } from 'pg';
import { describe, expect, it } from 'vitest';
import { freePort } from './ports';
import { startPostgresServer } from './postgres-server';

async function query(url: string, sql: string) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('the real PostgreSQL server for tests', () => {
  it('shuts down with its sessions ended, and restarts on the same port with the same data', async () => {
    const pg = await startPostgresServer(await freePort());
    try {
      await query(pg.url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('survives')");
      const open = new Client({ connectionString: pg.url });
      await open.connect();
      const errors: Error[] = [];
      open.on('error', (e) => errors.push(e));

      await pg.shutDown();
      // A fast shutdown ends the open session instead of waiting for it, as an outage does.
      await expect.poll(() => errors.map((e) => e.message).join('; ')).toMatch(/terminat/);
      await expect(query(pg.url, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/);

      await pg.restart();
      expect(await query(pg.url, 'SELECT v FROM kept')).toEqual([{ v: 'survives' }]);
    } finally {
      await pg.stop();
    }
  });
});
