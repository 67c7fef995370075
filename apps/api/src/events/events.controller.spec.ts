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
import { storedSweepSpec } from '../test/fixtures';

const stack = inject('stack');

interface StreamEvent {
  id: string;
  status: string;
  finalAccuracy?: number;
  /** The SSE `id:` line of the event. */
  eventId?: string;
}

/**
 * Reads SSE events from `url` until `count` events of `type` arrived (or the timeout); with
 * `settleMs`, keeps reading that long after the count, so an event sent twice shows.
 */
async function readEvents(
  url: string,
  count: number,
  timeoutMs: number,
  type: 'run' | 'retraining' = 'run',
  options: { headers?: Record<string, string>; settleMs?: number } = {},
): Promise<StreamEvent[]> {
  const controller = new AbortController();
  let timer = setTimeout(() => controller.abort(), timeoutMs);
  const events: StreamEvent[] = [];
  let settling = false;
  try {
    const res = await fetch(url, { signal: controller.signal, headers: options.headers ?? {} });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      const blocks = buffer.split('\n\n');
      buffer = blocks.pop() ?? '';
      for (const block of blocks) {
        if (!block.includes(`event: ${type}\n`)) continue;
        const lines = block.split('\n');
        const data = lines.find((l) => l.startsWith('data: '));
        const eventId = lines.find((l) => l.startsWith('id: '))?.slice(4);
        if (data) events.push({ ...JSON.parse(data.slice(6)), ...(eventId ? { eventId } : {}) });
        if (events.length >= count && !settling) {
          if (!options.settleMs) return events;
          settling = true;
          clearTimeout(timer);
          timer = setTimeout(() => controller.abort(), options.settleMs);
        }
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

  async function newSweep(cellCount = 2) {
    const id = randomUUID();
    const cells = Array.from({ length: cellCount }, (_, i) => ({
      id: randomUUID(),
      cellIndex: i,
      strength: 1e-6 * (i + 1),
      threshold: 0.1,
    }));
    await new SweepRepository(db).createWithRuns({
      id,
      name: 'events',
      spec: storedSweepSpec('fixture'),
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
      seed: 0,
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

  it('streams every one of more than 500 cells changed in one statement, each once', async () => {
    // One createMany and one updateMany stamp all 1,200 rows with one timestamp: a cursor on
    // `updatedAt` alone sent the first 500 of them, then the same 500 forever.
    const watched = await newSweep(1_200);
    const ids = watched.cells.map((c) => c.id);
    const events = readEvents(`${url}/api/events?sweepId=${watched.id}`, 1_200, 30_000, 'run', {
      settleMs: 3_000,
    });
    await new Promise((r) => setTimeout(r, 1_200));
    await db.run.updateMany({ where: { sweepId: watched.id }, data: { status: 'RUNNING' } });
    const received = await events;
    expect(received).toHaveLength(1_200);
    expect(new Set(received.map((e) => e.id))).toEqual(new Set(ids));
    expect(received.every((e) => e.status === 'RUNNING')).toBe(true);
  });

  it('streams a row committed late, behind the cursor, once', async () => {
    const watched = await newSweep();
    const [first, late] = watched.cells.map((c) => c.id);
    const runs = new RunRepository(db);
    const events = readEvents(`${url}/api/events?sweepId=${watched.id}`, 2, 10_000, 'run', {
      settleMs: 2_500,
    });
    await new Promise((r) => setTimeout(r, 1_200));
    const moved = await runs.setState(first!, { status: 'RUNNING' });
    await new Promise((r) => setTimeout(r, 1_500)); // a poll has moved the cursor past `moved`
    // Stamped before `moved` but visible only now, as a transaction that commits late is.
    await db.run.update({
      where: { id: late! },
      data: { status: 'RUNNING', updatedAt: new Date(moved.updatedAt.getTime() - 100) },
    });
    const received = await events;
    expect(received.map((e) => [e.id, e.status])).toEqual([
      [first, 'RUNNING'],
      [late, 'RUNNING'],
    ]);
  });

  it('resumes after the Last-Event-ID a reconnecting client sends, with what it missed', async () => {
    const watched = await newSweep();
    const [first, second] = watched.cells.map((c) => c.id);
    const runs = new RunRepository(db);
    const before = readEvents(`${url}/api/events?sweepId=${watched.id}`, 1, 8_000);
    await new Promise((r) => setTimeout(r, 1_200));
    await runs.setState(first!, { status: 'RUNNING' });
    const [seen] = await before;
    expect([seen?.id, seen?.status]).toEqual([first, 'RUNNING']);
    expect(seen?.eventId).toBeTruthy();
    // While the client is away: two changes it must get on reconnect, and nothing older.
    await new Promise((r) => setTimeout(r, 300));
    await runs.setState(second!, { status: 'RUNNING' });
    await runs.setState(first!, { status: 'FAILED', error: 'boom' });
    const resumed = await readEvents(`${url}/api/events?sweepId=${watched.id}`, 2, 8_000, 'run', {
      headers: { 'Last-Event-ID': seen!.eventId! },
      settleMs: 2_500,
    });
    expect(resumed.map((e) => [e.id, e.status])).toEqual([
      [second, 'RUNNING'],
      [first, 'FAILED'],
    ]);
  });

  it('refuses a stream over EVENTS_MAX_CLIENTS with 503, and takes one again after', async () => {
    const capped = await serveApi({ EVENTS_MAX_CLIENTS: '1' });
    try {
      const open = new AbortController();
      const first = await fetch(`${capped.url}/api/events`, { signal: open.signal });
      expect(first.status).toBe(200);
      expect((await fetch(`${capped.url}/api/events`)).status).toBe(503);
      open.abort();
      await new Promise((r) => setTimeout(r, 300));
      const again = new AbortController();
      expect((await fetch(`${capped.url}/api/events`, { signal: again.signal })).status).toBe(200);
      again.abort();
    } finally {
      await capped.app.close();
    }
  });

  it('rejects a malformed sweep filter', async () => {
    expect((await fetch(`${url}/api/events?sweepId=nope`)).status).toBe(400);
  });
});
