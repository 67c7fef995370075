import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyMigrations } from '../migrations/apply-migrations';
import { createDb, type Db } from '../prisma-client';
import { DbError } from '../db.error';
import { ArtifactRepository } from './artifact.repository';
import { RetrainingRepository } from './retraining.repository';
import { RunMetricRepository } from './run-metric.repository';
import { RunRepository } from './run.repository';
import { SweepRepository, type NewSweep } from './sweep.repository';
import { sweepWorkflowId } from '@morphsweep/contracts';

// One contract suite, run against each Postgres the product supports.
const servers = inject('databaseUrls');

function newSweep(overrides: Partial<NewSweep> = {}): NewSweep {
  const id = randomUUID();
  const cells = [1e-4, 1e-3].flatMap((strength, i) =>
    [0.01, 0.1].map((threshold, j) => ({
      id: randomUUID(),
      cellIndex: i * 2 + j,
      strength,
      threshold,
    })),
  );
  return {
    id,
    name: `sweep ${id.slice(0, 8)}`,
    spec: { grid: 'test' },
    workflowId: sweepWorkflowId(id),
    cells,
    ...overrides,
  };
}

describe.each([
  ['PostgreSQL', servers.postgres],
  ['embedded PGlite', servers.embedded],
])('repositories on %s', (_name, url) => {
  let db: Db;
  let sweeps: SweepRepository;
  let runs: RunRepository;
  let metrics: RunMetricRepository;

  beforeAll(async () => {
    await applyMigrations(url);
    db = createDb(url);
    sweeps = new SweepRepository(db);
    runs = new RunRepository(db);
    metrics = new RunMetricRepository(db);
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  it('creates a sweep with all its cells QUEUED in one transaction', async () => {
    const input = newSweep();
    const { sweep, created } = await sweeps.createWithRuns(input);
    expect(created).toBe(true);
    expect(sweep.status).toBe('QUEUED');
    const page = await runs.listForSweep(input.id);
    expect(page.total).toBe(4);
    expect(page.items.map((r) => [r.strength, r.threshold, r.status])).toEqual([
      [1e-4, 0.01, 'QUEUED'],
      [1e-4, 0.1, 'QUEUED'],
      [1e-3, 0.01, 'QUEUED'],
      [1e-3, 0.1, 'QUEUED'],
    ]);
    expect(await sweeps.countRunsByStatus(input.id)).toEqual({
      QUEUED: 4,
      RUNNING: 0,
      SUCCEEDED: 0,
      FAILED: 0,
      CANCELLED: 0,
    });
  });

  it('writes a 10,000-cell grid in one submission, all of it', async () => {
    // An interactive transaction (5 s by default) could time out on a loaded machine here.
    const base = newSweep();
    const cells = Array.from({ length: 10_000 }, (_, i) => ({
      ...base.cells[0]!,
      id: randomUUID(),
      cellIndex: i,
      strength: 1e-6 * (i + 1),
    }));
    await sweeps.createWithRuns({ ...base, cells });
    expect((await sweeps.countRunsByStatus(base.id)).QUEUED).toBe(10_000);
  });

  it('writes nothing of a sweep whose cells violate the grid key', async () => {
    const input = newSweep();
    const duplicate = input.cells.map((c) => ({ ...c, strength: 1, threshold: 1 }));
    await expect(sweeps.createWithRuns({ ...input, cells: duplicate })).rejects.toThrow();
    await expect(sweeps.get(input.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('returns the same sweep for a repeated idempotency key, also when requests race', async () => {
    const key = randomUUID();
    const first = await sweeps.createWithRuns(newSweep({ idempotencyKey: key }));
    const again = await sweeps.createWithRuns(newSweep({ idempotencyKey: key }));
    expect(again).toEqual({ sweep: first.sweep, created: false });

    const raceKey = randomUUID();
    const results = await Promise.all(
      [1, 2, 3].map(() => sweeps.createWithRuns(newSweep({ idempotencyKey: raceKey }))),
    );
    expect(new Set(results.map((r) => r.sweep.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });

  it('pages through sweeps newest first and filters by status', async () => {
    const made = [];
    for (let i = 0; i < 3; i++) made.push((await sweeps.createWithRuns(newSweep())).sweep);
    await sweeps.setStatus(made[1]!.id, 'CANCELLED');
    const page = await sweeps.list({ limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.items[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(
      page.items[1]!.createdAt.getTime(),
    );
    const next = await sweeps.list({ limit: 2, offset: 2 });
    expect(next.items.map((s) => s.id)).not.toContain(page.items[0]!.id);
    const cancelled = await sweeps.list({ status: 'CANCELLED', limit: 500 });
    expect(cancelled.items.map((s) => s.id)).toContain(made[1]!.id);
    expect(cancelled.items.every((s) => s.status === 'CANCELLED')).toBe(true);
    await expect(sweeps.list({ limit: 0 })).rejects.toBeInstanceOf(DbError);
  });

  it('records run states, forward-only progress and an idempotent result', async () => {
    const input = newSweep();
    await sweeps.createWithRuns(input);
    const runId = input.cells[0]!.id;
    const running = await runs.setState(runId, {
      status: 'RUNNING',
      attempt: 1,
      workerIdentity: 'w1',
      backend: 'wasm',
    });
    expect(running.startedAt).toBeInstanceOf(Date);
    expect(
      await runs.recordProgress(runId, {
        step: 20,
        progress: 0.2,
        lastCheckpointUri: 'file:///c/20',
      }),
    ).toBe(true);
    // A late heartbeat from an earlier step must not move progress back.
    expect(await runs.recordProgress(runId, { step: 10, progress: 0.1 })).toBe(false);
    expect((await runs.get(runId)).lastCheckpointUri).toBe('file:///c/20');

    const result = {
      structure: { 'conv1/Conv2D': 12 },
      structureHash: 'abc',
      cost: 1e6,
      accuracy: 0.8,
      regLoss: 0.5,
    };
    await runs.recordResult(runId, result);
    const done = await runs.recordResult(runId, result);
    expect(done).toMatchObject({ status: 'SUCCEEDED', cost: 1e6, accuracy: 0.8, progress: 1 });
    expect((await runs.listForSweep(input.id, { status: 'SUCCEEDED' })).total).toBe(1);
  });

  it('sorts runs by accuracy with unfinished runs last, and sets Pareto flags exactly', async () => {
    const input = newSweep();
    await sweeps.createWithRuns(input);
    const [a, b, c] = input.cells;
    await runs.recordResult(a!.id, { structure: {}, structureHash: 'a', cost: 3, accuracy: 0.9 });
    await runs.recordResult(b!.id, { structure: {}, structureHash: 'b', cost: 1, accuracy: 0.5 });
    const sorted = await runs.listForSweep(input.id, { sortBy: 'accuracy', order: 'desc' });
    expect(sorted.items.map((r) => r.id).slice(0, 2)).toEqual([a!.id, b!.id]);
    expect(sorted.items[3]!.accuracy).toBeNull();

    await runs.setParetoFlags(input.id, [a!.id, c!.id]);
    await runs.setParetoFlags(input.id, [a!.id, b!.id]);
    const flags = (await runs.listForSweep(input.id)).items.map((r) => r.paretoOptimal);
    expect(flags).toEqual([true, true, false, false]);
  });

  it('appends metric points in batches and replaces a replayed step instead of duplicating it', async () => {
    const input = newSweep();
    await sweeps.createWithRuns(input);
    const runId = input.cells[0]!.id;
    const points = Array.from({ length: 2500 }, (_, step) => ({
      step,
      taskLoss: 2 - step / 2500,
      regLoss: 1,
      cost: 100,
    }));
    await metrics.append(runId, points);
    await metrics.append(runId, [
      { step: 7, taskLoss: 0.123, regLoss: 1, cost: 90, accuracy: 0.5 },
    ]);
    const curve = await metrics.list(runId);
    expect(curve).toHaveLength(2500);
    expect(curve[7]).toMatchObject({ step: 7, taskLoss: 0.123, cost: 90, accuracy: 0.5 });
    expect((await metrics.list(runId, 2497)).map((p) => p.step)).toEqual([2498, 2499]);
  });

  it('creates one retraining per structure however often it is requested', async () => {
    const input = newSweep();
    await sweeps.createWithRuns(input);
    const retrainings = new RetrainingRepository(db);
    const base = {
      sweepId: input.id,
      sourceRunId: input.cells[0]!.id,
      structureHash: 'h1',
      seed: 0,
      trigger: 'PROMOTED' as const,
    };
    const first = await retrainings.ensure({
      ...base,
      id: randomUUID(),
      workflowId: `retrain-${randomUUID()}`,
    });
    const second = await retrainings.ensure({
      ...base,
      id: randomUUID(),
      workflowId: `retrain-${randomUUID()}`,
    });
    expect(first.created).toBe(true);
    expect(second).toEqual({ retraining: first.retraining, created: false, retried: false });
    const done = await retrainings.record(first.retraining.id, {
      status: 'SUCCEEDED',
      finalAccuracy: 0.91,
      measuredCost: 5,
    });
    expect(done.finishedAt).toBeInstanceOf(Date);
    expect((await retrainings.list({ sweepId: input.id })).total).toBe(1);
  });

  it('keeps one row per replica of a structure and kind, however often and concurrently each is ensured', async () => {
    const input = newSweep();
    await sweeps.createWithRuns(input);
    const retrainings = new RetrainingRepository(db);
    const request = (kind: 'LEARNED' | 'WIDTH_MULTIPLIER', replica: number) => ({
      id: randomUUID(),
      sweepId: input.id,
      sourceRunId: input.cells[0]!.id,
      kind,
      structureHash: 'h-replicas',
      replica,
      seed: 100 + replica,
      trigger: 'PROMOTED' as const,
      workflowId: `retrain-${input.id}-h-replicas-${kind}-${replica}`,
    });
    const keys = ['LEARNED', 'WIDTH_MULTIPLIER'].flatMap((kind) =>
      [0, 1, 2].map((replica) => [kind as 'LEARNED' | 'WIDTH_MULTIPLIER', replica] as const),
    );
    // Every replica ensured twice at once, then once more.
    const ensured = await Promise.all(
      [...keys, ...keys].map(([kind, replica]) => retrainings.ensure(request(kind, replica))),
    );
    expect(ensured.filter((e) => e.created)).toHaveLength(6);
    for (const [kind, replica] of keys)
      expect(await retrainings.ensure(request(kind, replica))).toMatchObject({
        created: false,
        retraining: { kind, replica, seed: 100 + replica },
      });
    const rows = (await retrainings.list({ sweepId: input.id })).items;
    expect(rows.map((r) => `${r.kind}/${r.replica}`).sort()).toEqual(
      keys.map(([kind, replica]) => `${kind}/${replica}`).sort(),
    );
    // A row ensured without a replica is replica 0: the row of before replicas existed.
    const { replica: _replica, ...withoutReplica } = request('LEARNED', 0);
    expect(await retrainings.ensure(withoutReplica)).toMatchObject({
      created: false,
      retraining: { replica: 0 },
    });
  });

  it('retries a FAILED or CANCELLED retraining when asked (once, however many ask), never a finished one', async () => {
    const input = newSweep();
    await sweeps.createWithRuns(input);
    const retrainings = new RetrainingRepository(db);
    const request = () => ({
      id: randomUUID(),
      sweepId: input.id,
      sourceRunId: input.cells[0]!.id,
      structureHash: 'h-retry',
      seed: 0,
      trigger: 'PROMOTED' as const,
      workflowId: `retrain-${input.id}-h-retry`,
    });
    const { retraining } = await retrainings.ensure(request());
    await retrainings.record(retraining.id, {
      status: 'FAILED',
      errorCode: 'OUT_OF_MEMORY',
      error: 'oom',
    });
    // Without the option the failed row is only returned, as before.
    expect(await retrainings.ensure(request())).toMatchObject({
      created: false,
      retried: false,
      retraining: { id: retraining.id, status: 'FAILED' },
    });
    const [a, b] = await Promise.all([
      retrainings.ensure(request(), { retryFailed: true }),
      retrainings.ensure(request(), { retryFailed: true }),
    ]);
    expect([a.retried, b.retried].sort()).toEqual([false, true]);
    expect(await retrainings.get(retraining.id)).toMatchObject({
      status: 'QUEUED',
      errorCode: null,
      error: null,
      finishedAt: null,
    });
    await retrainings.record(retraining.id, { status: 'CANCELLED', errorCode: 'CANCELLED' });
    expect((await retrainings.ensure(request(), { retryFailed: true })).retried).toBe(true);
    await retrainings.record(retraining.id, { status: 'SUCCEEDED', finalAccuracy: 0.9 });
    expect(await retrainings.ensure(request(), { retryFailed: true })).toMatchObject({
      retried: false,
      retraining: { status: 'SUCCEEDED', finalAccuracy: 0.9 },
    });
    expect((await retrainings.list({ sweepId: input.id })).total).toBe(1);
  });

  it('requeues failed and cancelled cells except those whose code is kept (a collapsed cell)', async () => {
    const input = newSweep();
    await sweeps.createWithRuns(input);
    const [a, b, c, d] = input.cells.map((cell) => cell.id);
    await runs.setState(a!, { status: 'FAILED', errorCode: 'STRUCTURE_COLLAPSED', error: 'x' });
    await runs.setState(b!, { status: 'FAILED', errorCode: 'INFRASTRUCTURE', error: 'x' });
    await runs.setState(c!, { status: 'FAILED' });
    await runs.setState(d!, { status: 'CANCELLED', errorCode: 'CANCELLED' });
    const requeued = await runs.requeue(input.id, ['FAILED', 'CANCELLED'], ['STRUCTURE_COLLAPSED']);
    expect(requeued).toEqual([
      { id: b, status: 'FAILED' },
      { id: c, status: 'FAILED' },
      { id: d, status: 'CANCELLED' },
    ]);
    expect((await runs.listCellStates(input.id)).map((r) => [r.status, r.errorCode])).toEqual([
      ['FAILED', 'STRUCTURE_COLLAPSED'],
      ['QUEUED', null],
      ['QUEUED', null],
      ['QUEUED', null],
    ]);
  });

  it('records artifacts by URI without duplicates', async () => {
    const input = newSweep();
    await sweeps.createWithRuns(input);
    const artifacts = new ArtifactRepository(db);
    const runId = input.cells[0]!.id;
    const uri = `file:///tmp/${randomUUID()}/ckpt`;
    await artifacts.record({
      id: randomUUID(),
      uri,
      kind: 'CHECKPOINT',
      sizeBytes: 10,
      sha256: 'a',
      runId,
    });
    const again = await artifacts.record({
      id: randomUUID(),
      uri,
      kind: 'CHECKPOINT',
      sizeBytes: 3e9,
      sha256: 'b',
      runId,
    });
    expect(again.sizeBytes).toBe(3_000_000_000n);
    expect(await artifacts.listForRun(runId)).toHaveLength(1);
    expect(await artifacts.deleteByUris([uri, `${uri}-never-recorded`])).toBe(1);
    expect(await artifacts.deleteByUris([])).toBe(0);
    expect(await artifacts.listForRun(runId)).toEqual([]);
  });

  it('applies migrations once: a second run applies nothing', async () => {
    const result = await applyMigrations(url);
    expect(result.applied).toEqual([]);
    expect(result.alreadyApplied.length).toBeGreaterThan(0);
  });
});
