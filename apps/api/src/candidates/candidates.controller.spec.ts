import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import {
  apiErrorSchema,
  candidateResponseSchema,
  pageSchema,
  sweepCandidateResponseSchema,
} from '@morphsweep/contracts';
import { CandidateRepository, createDb, RunRepository, type Db } from '@morphsweep/db';
import { seedSweep } from '../test/fixtures';
import { serveApi } from '../test/serve-api';

const stack = inject('stack');

// The candidate read endpoints on the real API and PostgreSQL.
describe('GET /api/runs/:id/candidates and /api/sweeps/:id/candidates', () => {
  let app: INestApplication;
  let url: string;
  let db: Db;
  let sweepId: string;
  let runIds: string[];

  beforeAll(async () => {
    ({ app, url } = await serveApi());
    db = createDb(stack.databaseUrl!);
    ({ sweepId, runIds } = await seedSweep(db, 3, 'candidates spec'));
    const runs = new RunRepository(db);
    for (const id of runIds.slice(0, 2)) await runs.setState(id, { status: 'SUCCEEDED' });
    const at = (
      run: number,
      step: number,
      threshold: number,
      hash: string,
      cost: number,
      accuracy: number,
    ) => ({
      runId: runIds[run]!,
      sweepId,
      step,
      threshold,
      structure: { 'conv1/Conv2D': cost / 100 },
      structureHash: hash,
      cost,
      accuracy,
    });
    await new CandidateRepository(db).upsertMany([
      at(0, 10, 0.01, 'wide', 800, 0.8),
      at(0, 10, 0.1, 'narrow', 200, 0.6),
      at(1, 10, 0.1, 'narrow', 200, 0.62),
      at(1, 20, 0.01, 'dominated', 900, 0.7),
      // A run that did not succeed: its candidates are not the sweep's.
      at(2, 10, 0.1, 'lost', 100, 0.9),
    ]);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await app?.close();
  });

  async function get(path: string) {
    const res = await fetch(`${url}/api${path}`);
    return { status: res.status, body: (await res.json()) as unknown };
  }

  it("lists a run's structures by step and threshold", async () => {
    const { status, body } = await get(`/runs/${runIds[0]}/candidates`);
    expect(status).toBe(200);
    expect(z.array(candidateResponseSchema.strict()).parse(body)).toMatchObject([
      { step: 10, threshold: 0.01, structureHash: 'wide', cost: 800 },
      { step: 10, threshold: 0.1, structureHash: 'narrow', cost: 200 },
    ]);
  });

  it("deduplicates a sweep's structures, listing every source and the frontier", async () => {
    const { status, body } = await get(`/sweeps/${sweepId}/candidates`);
    expect(status).toBe(200);
    const page = pageSchema(sweepCandidateResponseSchema.strict()).strict().parse(body);
    expect(page.total).toBe(3);
    expect(page.items.map((c) => [c.structureHash, c.paretoOptimal])).toEqual([
      ['narrow', true],
      ['wide', true],
      ['dominated', false],
    ]);
    // Run 1's reading of 'narrow' was the more accurate, so it stands for the structure.
    expect(page.items[0]).toMatchObject({
      runId: runIds[1],
      sources: [
        { runId: [...runIds.slice(0, 2)].sort()[0], step: 10, threshold: 0.1 },
        { runId: [...runIds.slice(0, 2)].sort()[1], step: 10, threshold: 0.1 },
      ],
    });
    const second = pageSchema(sweepCandidateResponseSchema).parse(
      (await get(`/sweeps/${sweepId}/candidates?offset=1&limit=1`)).body,
    );
    expect(second).toMatchObject({ total: 3, offset: 1, limit: 1 });
    expect(second.items.map((c) => c.structureHash)).toEqual(['wide']);
  });

  it('answers 404 for an unknown run or sweep and 400 for a malformed id or page', async () => {
    expect((await get(`/runs/${randomUUID()}/candidates`)).status).toBe(404);
    expect((await get(`/sweeps/${randomUUID()}/candidates`)).status).toBe(404);
    const bad = await get('/runs/not-a-uuid/candidates');
    expect(bad.status).toBe(400);
    expect(apiErrorSchema.parse(bad.body).issues).toEqual([
      expect.objectContaining({ path: 'id' }),
    ]);
    expect((await get(`/sweeps/${sweepId}/candidates?limit=0`)).status).toBe(400);
  });
});
