import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sweepWorkflowId } from '@morphsweep/contracts';
import { applyMigrations } from '../migrations/apply-migrations';
import { createDb, type Db } from '../prisma-client';
import { ChangeFeed, MIN_FEED_ID, type FeedPosition } from './change-feed';
import { SweepRepository } from './sweep.repository';

const servers = inject('databaseUrls');

describe.each([
  ['PostgreSQL', servers.postgres],
  ['embedded PGlite', servers.embedded],
])('change feed on %s', (_name, url) => {
  let db: Db;
  let feed: ChangeFeed;

  beforeAll(async () => {
    await applyMigrations(url);
    db = createDb(url);
    feed = new ChangeFeed(db);
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  async function sweepOf(cellCount: number) {
    const id = randomUUID();
    const cells = Array.from({ length: cellCount }, (_, i) => ({
      id: randomUUID(),
      cellIndex: i,
      strength: 1e-6 * (i + 1),
      threshold: 0.1,
    }));
    await new SweepRepository(db).createWithRuns({
      id,
      name: 'feed',
      spec: {},
      workflowId: sweepWorkflowId(id),
      cells,
    });
    return { id, cells };
  }

  it('pages through more rows than a page that share one timestamp, each once', async () => {
    const sweep = await sweepOf(1_201);
    const at = new Date(Date.now() + 60_000);
    // One statement, one timestamp: the case a bare `updatedAt >= cursor` re-read forever.
    await db.run.updateMany({ where: { sweepId: sweep.id }, data: { updatedAt: at } });
    const seen: string[] = [];
    let position: FeedPosition = { updatedAt: at, id: MIN_FEED_ID };
    for (let page = 0; page < 10; page++) {
      const rows = await feed.runsChangedAfter(position, { sweepId: sweep.id, limit: 500 });
      if (rows.length === 0) break;
      seen.push(...rows.map((r) => r.id));
      position = rows.at(-1)!;
    }
    expect(seen).toHaveLength(1_201);
    expect(new Set(seen).size).toBe(1_201);
    expect(new Set(seen)).toEqual(new Set(sweep.cells.map((c) => c.id)));
  });

  it('reads strictly after a position and, with `through`, at or before another', async () => {
    const sweep = await sweepOf(4);
    const at = new Date(Date.now() + 120_000);
    await db.run.updateMany({ where: { sweepId: sweep.id }, data: { updatedAt: at } });
    const ids = sweep.cells.map((c) => c.id).sort();
    const after = await feed.runsChangedAfter({ updatedAt: at, id: ids[0]! }, {});
    expect(after.map((r) => r.id)).toEqual(ids.slice(1));
    const window = await feed.runsChangedAfter(
      { updatedAt: new Date(at.getTime() - 1), id: MIN_FEED_ID },
      { sweepId: sweep.id, through: { updatedAt: at, id: ids[2]! } },
    );
    expect(window.map((r) => r.id)).toEqual(ids.slice(0, 3));
  });

  it('has the (updatedAt, id) indexes the cursor reads by', async () => {
    const rows = await db.$queryRaw<Array<{ indexname: string }>>`
      SELECT indexname FROM pg_indexes WHERE indexname IN ('Run_updatedAt_id_idx', 'Retraining_updatedAt_id_idx')`;
    expect(rows.map((r) => r.indexname).sort()).toEqual([
      'Retraining_updatedAt_id_idx',
      'Run_updatedAt_id_idx',
    ]);
  });
});
