import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createDb,
  RetrainingRepository,
  RunRepository,
  SweepRepository,
  type Db,
} from '@morphsweep/db';
import { serveApi } from '../test/serve-api';
import { sweepWorkflowId } from '@morphsweep/contracts';

const stack = inject('stack');

/** Reads SSE events from `url` until `count` events of `type` arrived (or the timeout). */
async function readEvents(
  url: string,
  count: number,
  timeoutMs: number,
  type: 'run' | 'retraining' = 'run',
): Promise<Array<{ id: string; status: string; finalAccuracy?: number }>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const events: Array<{ id: string; status: string }> = [];
  try {
    const res = await fetch(url, { signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      const blocks = buffer.split('\n\n');
      buffer = blocks.pop() ?? '';
      for (const block of blocks) {
        if (!block.includes(`event: ${type}\n`)) continue;
        const data = block.split('\n').find((l) => l.startsWith('data: '));
        if (data) events.push(JSON.parse(data.slice(6)));
        if (events.length >= count) return events;
      }
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}

describe('GET /api/events', () => {
  let app: INestApplication;
  let url: string;
  let db: Db;

  beforeAll(async () => {
    ({ app, url } = await serveApi());
    db = createDb(stack.databaseUrl!);
  });
  afterAll(async () => {
    await db.$disconnect();
    await app.close();
  });

  async function newSweep() {
    const id = randomUUID();
    const cells = [0, 1].map((i) => ({
      id: randomUUID(),
      cellIndex: i,
      strength: 1e-6 * (i + 1),
      threshold: 0.1,
    }));
    await new SweepRepository(db).createWithRuns({
      id,
      name: 'events',
      spec: {},
      workflowId: sweepWorkflowId(id),
      cells,
    });
    return { id, cells };
  }

  it('streams run changes of the chosen sweep only, each change once', async () => {
    const watched = await newSweep();
    const other = await newSweep();
    const runs = new RunRepository(db);
    const events = readEvents(`${url}/api/events?sweepId=${watched.id}`, 2, 8_000);
    await new Promise((r) => setTimeout(r, 1_200)); // let the stream take its first cursor
    await runs.setState(other.cells[0]!.id, { status: 'RUNNING' });
    await runs.setState(watched.cells[0]!.id, { status: 'RUNNING' });
    await runs.setState(watched.cells[1]!.id, { status: 'FAILED', error: 'boom' });
    const received = await events;
    expect(received.map((e) => [e.id, e.status])).toEqual([
      [watched.cells[0]!.id, 'RUNNING'],
      [watched.cells[1]!.id, 'FAILED'],
    ]);
  });

  it('streams retraining changes too, so a retraining finishing after its sweep shows live', async () => {
    const watched = await newSweep();
    const retrainings = new RetrainingRepository(db);
    const id = randomUUID();
    const events = readEvents(`${url}/api/events?sweepId=${watched.id}`, 2, 8_000, 'retraining');
    await new Promise((r) => setTimeout(r, 1_200));
    await retrainings.ensure({
      id,
      sweepId: watched.id,
      sourceRunId: watched.cells[0]!.id,
      structureHash: 'h',
      trigger: 'PROMOTED',
      workflowId: `retrain-${id}`,
    });
    await new Promise((r) => setTimeout(r, 1_200)); // a later poll, so both states are seen
    await retrainings.record(id, {
      status: 'SUCCEEDED',
      finalAccuracy: 0.9,
      measuredCost: 1000,
      parameters: 10,
    });
    const received = await events;
    expect(received.map((e) => [e.id, e.status, e.finalAccuracy])).toEqual([
      [id, 'QUEUED', null],
      [id, 'SUCCEEDED', 0.9],
    ]);
  });

  it('rejects a malformed sweep filter', async () => {
    expect((await fetch(`${url}/api/events?sweepId=nope`)).status).toBe(400);
  });
});
