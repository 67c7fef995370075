import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, RunMetricRepository, RunRepository, type Db } from '@morphsweep/db';
import { seedSweep } from '../test/fixtures';
import { serveApi } from '../test/serve-api';
import { RunsController } from './runs.controller';

// A run's curve is read apart from the run, by keyset page or downsampled, and a sweep's
// runs are read as chart points all at once: the reads the dashboard makes at 10,000 runs.
const stack = inject('stack');
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const STEPS = 5_000;

describe(`${RunsController.name} metrics and points`, () => {
  let app: INestApplication;
  let url: string;
  let db: Db;
  let sweepId: string;
  let runIds: string[];

  beforeAll(async () => {
    ({ app, url } = await serveApi());
    db = createDb(stack.databaseUrl!);
    ({ sweepId, runIds } = await seedSweep(db, 3, 'metrics spec'));
    // A falling loss with one spike at step 3210; accuracy at every 50th step.
    await new RunMetricRepository(db).append(
      runIds[0]!,
      Array.from({ length: STEPS }, (_, step) => ({
        step,
        taskLoss: step === 3210 ? 99 : 3 - step / STEPS,
        regLoss: 0.5,
        cost: 1000 - step / 10,
        accuracy: step % 50 === 49 ? step / STEPS : null,
      })),
    );
    await new RunRepository(db).recordResult(runIds[1]!, {
      structure: { 'conv1/Conv2D': 4 },
      structureHash: 'h',
      cost: 250,
      accuracy: 0.625,
    });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await app?.close();
  });

  const get = async (p: string) => {
    const res = await fetch(`${url}/api${p}`);
    return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  it('leaves the curve out of the run, and pages through it by step', async () => {
    const run = await get(`/runs/${runIds[0]}`);
    expect(run.status).toBe(200);
    expect(run.body).not.toHaveProperty('metrics');

    const first = await get(`/runs/${runIds[0]}/metrics`);
    expect(first.body).toMatchObject({
      totalPoints: STEPS,
      downsampled: false,
      nextAfterStep: 999,
    });
    expect(first.body.items).toHaveLength(1000);
    expect(first.body.items[0]).toEqual({
      step: 0,
      taskLoss: 3,
      regLoss: 0.5,
      cost: 1000,
      accuracy: null,
      examplesPerSecond: null,
    });
    const steps: number[] = [];
    let after = -1;
    for (;;) {
      const page = await get(`/runs/${runIds[0]}/metrics?afterStep=${after}&limit=1500`);
      steps.push(...page.body.items.map((p: { step: number }) => p.step));
      if (page.body.nextAfterStep === null) break;
      after = page.body.nextAfterStep;
    }
    expect(steps).toEqual(Array.from({ length: STEPS }, (_, i) => i));
    const tail = await get(`/runs/${runIds[0]}/metrics?afterStep=4997`);
    expect(tail.body).toMatchObject({ totalPoints: 2, nextAfterStep: null });
  });

  it('downsamples to maxPoints keeping the ends, the spike and the accuracy points', async () => {
    const { body } = await get(`/runs/${runIds[0]}/metrics?maxPoints=200`);
    expect(body).toMatchObject({ totalPoints: STEPS, downsampled: true, nextAfterStep: null });
    expect(body.items.length).toBeLessThanOrEqual(200);
    const steps = body.items.map((p: { step: number }) => p.step);
    expect(steps[0]).toBe(0);
    expect(steps.at(-1)).toBe(STEPS - 1);
    expect(steps).toContain(3210);
    expect(
      body.items.filter((p: { accuracy: unknown }) => p.accuracy !== null).length,
    ).toBeGreaterThan(20);
    // A curve that fits is returned whole, not downsampled.
    const whole = await get(`/runs/${runIds[0]}/metrics?afterStep=4899&maxPoints=200`);
    expect(whole.body).toMatchObject({ totalPoints: 100, downsampled: false });
    expect(whole.body.items).toHaveLength(100);
  });

  it('answers 400 naming a bad or conflicting query field, 404 for an unknown run', async () => {
    const paths = async (q: string) =>
      (await get(`/runs/${runIds[0]}/metrics?${q}`)).body.issues?.map(
        (i: { path: string }) => i.path,
      );
    expect(await paths('maxPoints=5')).toEqual(['maxPoints']);
    expect(await paths('limit=0&afterStep=-2')).toEqual(['afterStep', 'limit']);
    const both = await get(`/runs/${runIds[0]}/metrics?limit=10&maxPoints=100`);
    expect(both.status).toBe(400);
    expect(both.body.issues).toEqual([
      { path: 'maxPoints', message: expect.stringContaining('not both') },
    ]);
    expect((await get(`/runs/${UNKNOWN_ID}/metrics`)).status).toBe(404);
    expect((await get(`/sweeps/${UNKNOWN_ID}/points`)).status).toBe(404);
  });

  it('gives every run of a sweep as a chart point, in cell order', async () => {
    const { status, body } = await get(`/sweeps/${sweepId}/points`);
    expect(status).toBe(200);
    expect(body.items.map((p: { id: string }) => p.id)).toEqual(runIds);
    expect(body.items[1]).toEqual({
      id: runIds[1],
      cellIndex: 1,
      strength: 2e-8,
      threshold: 0.01,
      status: 'SUCCEEDED',
      errorCode: null,
      cost: 250,
      accuracy: 0.625,
      paretoOptimal: false,
    });
  });
});
