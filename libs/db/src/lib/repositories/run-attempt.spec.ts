import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sweepWorkflowId } from '@morphsweep/contracts';
import { applyMigrations } from '../migrations/apply-migrations';
import { createDb, type Db } from '../prisma-client';
import { RunRepository } from './run.repository';
import { SweepRepository } from './sweep.repository';

const servers = inject('databaseUrls');
const result = { structure: { conv: 4 }, structureHash: 'h', cost: 2, accuracy: 0.7 };

// The writes of a cell's hot path, one statement each, on each Postgres the product supports.
describe.each([
  ['PostgreSQL', servers.postgres],
  ['embedded PGlite', servers.embedded],
])('a cell attempt on %s', (_name, url) => {
  let db: Db;
  let runs: RunRepository;
  let statements: string[];

  async function newSweep(cells = 1): Promise<{ sweepId: string; runIds: string[] }> {
    const sweepId = randomUUID();
    const runIds = Array.from({ length: cells }, () => randomUUID());
    await new SweepRepository(db).createWithRuns({
      id: sweepId,
      name: 'attempts',
      spec: {},
      workflowId: sweepWorkflowId(sweepId),
      cells: runIds.map((id, i) => ({
        id,
        cellIndex: i,
        strength: 1e-6 * (i + 1),
        threshold: 0.1,
      })),
    });
    return { sweepId, runIds };
  }

  beforeAll(async () => {
    await applyMigrations(url);
    statements = [];
    db = createDb(url, { onQuery: (sql) => statements.push(sql) });
    runs = new RunRepository(db);
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  it('starts an attempt in one statement: RUNNING, attempt + 1, the error cleared', async () => {
    const { runIds } = await newSweep();
    const id = runIds[0]!;
    await runs.setState(id, { status: 'FAILED', errorCode: 'INFRASTRUCTURE', error: 'x' });
    statements.length = 0;
    const first = await runs.startAttempt(id, 'host:1');
    expect(statements).toHaveLength(1);
    expect(first).toMatchObject({
      status: 'RUNNING',
      attempt: 1,
      workerIdentity: 'host:1',
      errorCode: null,
      error: null,
      finishedAt: null,
    });
    expect(first.startedAt).toBeInstanceOf(Date);
    expect((await runs.startAttempt(id, 'host:2')).attempt).toBe(2);
  });

  it('leaves a SUCCEEDED run with a structure as it is and returns it', async () => {
    const { runIds } = await newSweep();
    const id = runIds[0]!;
    await runs.startAttempt(id, 'host:1');
    await runs.recordResult(id, result);
    const again = await runs.startAttempt(id, 'host:2');
    expect(again).toMatchObject({ status: 'SUCCEEDED', attempt: 1, workerIdentity: 'host:1' });
    expect(again.structureHash).toBe('h');
  });

  it('writes a result in one statement, and names an unknown run NOT_FOUND', async () => {
    const { runIds } = await newSweep();
    statements.length = 0;
    await runs.recordResult(runIds[0]!, result);
    expect(statements).toHaveLength(1);
    const unknown = randomUUID();
    await expect(runs.startAttempt(unknown, 'h')).rejects.toMatchObject({
      name: 'DbError',
      code: 'NOT_FOUND',
    });
    await expect(runs.recordResult(unknown, result)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(runs.setState(unknown, { status: 'FAILED' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `run ${unknown} not found`,
    });
  });

  it('changes only the Pareto flags named, and sends nothing when none are', async () => {
    const { sweepId, runIds } = await newSweep(3);
    const [a, b, c] = runIds as [string, string, string];
    await runs.setParetoFlags(sweepId, [a, b]);
    statements.length = 0;
    await runs.changeParetoFlags(sweepId, [], []);
    expect(statements).toHaveLength(0);
    await runs.changeParetoFlags(sweepId, [c], [a]);
    const flagged = await db.run.findMany({
      where: { sweepId, paretoOptimal: true },
      select: { id: true },
    });
    expect(flagged.map((r) => r.id).sort()).toEqual([b, c].sort());
    // Another sweep's run named by mistake is not touched.
    const other = await newSweep();
    await runs.changeParetoFlags(sweepId, [other.runIds[0]!], []);
    expect((await runs.get(other.runIds[0]!)).paretoOptimal).toBe(false);
  });
});
