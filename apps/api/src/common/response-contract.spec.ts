import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import {
  apiErrorSchema,
  pageSchema,
  retrainingResponseSchema,
  retrainingWorkflowId,
  runDetailResponseSchema,
  runResponseSchema,
  metricPageResponseSchema,
  runPointsResponseSchema,
  sweepDetailResponseSchema,
  sweepSummarySchema,
  zooEntrySchema,
} from '@morphsweep/contracts';
import {
  createDb,
  RetrainingRepository,
  RunMetricRepository,
  RunRepository,
  type Db,
} from '@morphsweep/db';
import { seedSweep } from '../test/fixtures';
import { serveApi } from '../test/serve-api';

// The dashboard's types are inferred from the response schemas in contracts; this checks
// that what the API really sends matches them field for field (strict: a field the API adds
// without the contract, or renames, fails here).
const stack = inject('stack');

describe('API responses follow the contract schemas', () => {
  let app: INestApplication;
  let url: string;
  let db: Db;
  let sweepId: string;
  let runIds: string[];

  beforeAll(async () => {
    ({ app, url } = await serveApi());
    db = createDb(stack.databaseUrl!);
    ({ sweepId, runIds } = await seedSweep(db, 2, 'contract spec'));
    await new RunRepository(db).recordResult(runIds[0]!, {
      structure: { 'conv1/Conv2D': 6 },
      structureHash: 'h1',
      cost: 30,
      flops: 30,
      modelSize: 12,
      accuracy: 0.5,
      regLoss: 0.25,
    });
    await new RunMetricRepository(db).append(runIds[0]!, [
      { step: 10, taskLoss: 1.5, regLoss: 0.3, cost: 31, accuracy: 0.4, examplesPerSecond: 80 },
    ]);
    await new RetrainingRepository(db).ensure({
      id: randomUUID(),
      sweepId,
      sourceRunId: runIds[0]!,
      structureHash: 'h1',
      seed: 0,
      trigger: 'PROMOTED',
      workflowId: retrainingWorkflowId(sweepId, 'h1'),
    });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await app?.close();
  });

  async function expectBody(path: string, schema: z.ZodObject, status = 200): Promise<void> {
    const res = await fetch(`${url}/api${path}`);
    expect(res.status).toBe(status);
    const parsed = schema.strict().safeParse(await res.json());
    expect(parsed.error?.issues ?? []).toEqual([]);
  }

  it('sweeps: list and detail', async () => {
    // Other specs share this database and write raw fixture specs straight to it, so the
    // list's envelope is checked whole and, of its items, the sweep this spec made.
    const res = await fetch(`${url}/api/sweeps?limit=100`);
    const page = (await res.json()) as { items: Array<{ id: string }> };
    expect(
      pageSchema(z.object({ id: z.uuid() }))
        .strict()
        .safeParse(page).error,
    ).toBeUndefined();
    const ours = page.items.find((s) => s.id === sweepId);
    expect(sweepSummarySchema.strict().safeParse(ours).error?.issues ?? []).toEqual([]);
    await expectBody(`/sweeps/${sweepId}`, sweepDetailResponseSchema);
  });

  it('runs: list, chart points, detail (artifacts, seed widths) and curve', async () => {
    await expectBody(`/sweeps/${sweepId}/runs`, pageSchema(runResponseSchema.strict()));
    await expectBody(`/sweeps/${sweepId}/points`, runPointsResponseSchema);
    await expectBody(`/runs/${runIds[0]}`, runDetailResponseSchema);
    await expectBody(`/runs/${runIds[0]}/metrics`, metricPageResponseSchema);
    await expectBody(`/runs/${runIds[0]}/metrics?maxPoints=10`, metricPageResponseSchema);
  });

  it('retrainings and the zoo', async () => {
    await expectBody(
      `/retrainings?sweepId=${sweepId}`,
      pageSchema(retrainingResponseSchema.strict()),
    );
    const zoo = (await (await fetch(`${url}/api/zoo`)).json()) as unknown[];
    expect(zoo.length).toBeGreaterThan(0);
    for (const entry of zoo) expect(zooEntrySchema.strict().safeParse(entry).success).toBe(true);
  });

  it('errors', async () => {
    await expectBody(`/runs/${randomUUID()}`, apiErrorSchema, 404);
    await expectBody('/runs/not-a-uuid', apiErrorSchema, 400);
  });
});
