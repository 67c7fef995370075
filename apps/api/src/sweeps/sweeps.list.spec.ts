import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sweepSummarySchema } from '@morphsweep/contracts';
import { createDb, RunRepository, SweepRepository, type Db } from '@morphsweep/db';
import { loadApiConfig } from '../config/api.config';
import type { SweepOrchestrator } from '../temporal/sweep-orchestrator.service';
import { seedSweep } from '../test/fixtures';
import { serveApi } from '../test/serve-api';
import type { DatasetsService } from '../datasets/datasets.service';
import { SweepsService } from './sweeps.service';

// `GET /api/sweeps` lists summaries: no spec (it can weigh megabytes), run counts per state
// from one grouped query, so a page of 500 costs the same few queries as a page of 5.
const stack = inject('stack');

describe(`${SweepsService.name} list`, () => {
  let app: INestApplication;
  let url: string;
  let db: Db;
  let counting: Db;
  const queries: string[] = [];
  let sweepIds: string[];

  beforeAll(async () => {
    ({ app, url } = await serveApi());
    db = createDb(stack.databaseUrl!);
    counting = createDb(stack.databaseUrl!, { onQuery: (sql) => queries.push(sql) });
    sweepIds = [];
    for (let i = 0; i < 12; i++) sweepIds.push((await seedSweep(db, 3, `list ${i}`)).sweepId);
    const { items } = await new RunRepository(db).listForSweep(sweepIds[11]!);
    await new RunRepository(db).setState(items[0]!.id, { status: 'RUNNING' });
  });
  afterAll(async () => {
    await counting?.$disconnect();
    await db?.$disconnect();
    await app?.close();
  });

  it('answers summaries without specs, each with its runs per state', async () => {
    const res = await fetch(`${url}/api/sweeps?limit=500`);
    expect(res.status).toBe(200);
    const page = (await res.json()) as { items: Array<Record<string, unknown>> };
    const ours = page.items.filter((s) => sweepIds.includes(s['id'] as string));
    expect(ours).toHaveLength(12);
    for (const item of page.items) {
      expect(item).not.toHaveProperty('spec');
      expect(sweepSummarySchema.strict().safeParse(item).error?.issues ?? []).toEqual([]);
    }
    expect(ours.find((s) => s['id'] === sweepIds[11])).toMatchObject({
      counts: { QUEUED: 2, RUNNING: 1, SUCCEEDED: 0, FAILED: 0, CANCELLED: 0 },
      total: 3,
    });
    // The spec is still there, on the sweep's own GET.
    const one = (await (await fetch(`${url}/api/sweeps/${sweepIds[0]}`)).json()) as {
      spec: { name: string };
    };
    expect(one.spec.name).toBe('list 0');
  });

  it('lists a page of 2 and a page of 12 in the same number of queries, at most 3', async () => {
    const config = loadApiConfig({
      DATABASE_URL: stack.databaseUrl!,
      TEMPORAL_ADDRESS: stack.temporalAddress!,
    });
    // Listing never talks to Temporal.
    const orchestrator = {} as SweepOrchestrator;
    const service = new SweepsService(
      new SweepRepository(counting),
      new RunRepository(counting),
      orchestrator,
      config,
      {} as DatasetsService, // listing never resolves a dataset
    );
    const count = async (limit: number) => {
      queries.length = 0;
      const page = await service.list({ offset: 0, limit });
      expect(page.items).toHaveLength(limit);
      return queries.length;
    };
    const few = await count(2);
    const many = await count(12);
    expect(many).toBe(few);
    expect(many).toBeLessThanOrEqual(3);
  });
});
