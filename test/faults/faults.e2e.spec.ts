import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SweepResponse } from '@morphsweep/contracts';
import { startFaultStack, type FaultStack } from './support/fault-stack';
import { auditEvents, collectEvents } from './support/event-stream';
import { auditSweep, expectedAudit, type AuditBudget } from './support/sweep-audit';

// Issue 13's fault-injection suite: faults injected into the real stack (`morphsweep up`
// against a real PostgreSQL and a Temporal dev server) in the middle of a sweep of real
// training on tiny sizes. Each sweep must still complete with nothing lost or duplicated:
// every run, metric point, kept checkpoint and retraining, no training scheduled twice, and a
// client of the event stream saw every run and retraining reach its final state, each version
// once.
const CELLS = 2;
const RETRAININGS = 1;

function faultSpec(name: string, budget: AuditBudget) {
  return {
    name,
    seedNetwork: 'fmnist-cnn',
    dataset: { kind: 'synthetic', subsetSize: 256 },
    morphnet: { family: 'gamma', resource: 'flops' },
    grid: { strengths: [1e-8, 1e-7], thresholds: [0.01] },
    budget: { ...budget, batchSize: 16, learningRate: 0.01 },
    concurrency: CELLS,
    accelerator: 'cpu',
    retrain: {
      policy: 'auto',
      topK: RETRAININGS,
      budget: {
        steps: 10,
        batchSize: 16,
        learningRate: 0.01,
        evalInterval: 5,
        checkpointInterval: 5,
      },
    },
  };
}

describe('faults on the real stack', () => {
  let stack: FaultStack;
  const streams: Array<{ close(): Promise<void> }> = [];

  beforeAll(async () => {
    stack = await startFaultStack();
  }, 240_000);
  afterAll(async () => {
    for (const stream of streams) await stream.close();
    await stack?.stop();
  });

  // Polls until the sweep is final; it must have SUCCEEDED.
  async function completes(sweepId: string, timeout: number): Promise<void> {
    const status = async () => ((await stack.sweep(sweepId)) as SweepResponse | null)?.status;
    await expect
      .poll(status, { timeout, interval: 1000 })
      .toSatisfy((s) => s === 'SUCCEEDED' || s === 'FAILED' || s === 'CANCELLED');
    expect(await status()).toBe('SUCCEEDED');
  }

  // A run of the sweep that is training and has checkpointed at least `step`.
  async function runPast(sweepId: string, step: number) {
    return expect
      .poll(
        () =>
          stack.db.run.findFirst({
            where: {
              sweepId,
              status: 'RUNNING',
              step: { gte: step },
              lastCheckpointUri: { not: null },
            },
          }),
        { timeout: 180_000, interval: 200 },
      )
      .toBeTruthy()
      .then(() =>
        stack.db.run.findFirstOrThrow({
          where: { sweepId, status: 'RUNNING', step: { gte: step } },
        }),
      );
  }

  // Submits the sweep with a client of the event stream listening from before the submit.
  async function submitWatched(spec: unknown) {
    const stream = await collectEvents(stack.up.url);
    streams.push(stream);
    return { sweepId: await stack.submit(spec), events: stream };
  }

  async function expectNothingLost(
    sweepId: string,
    budget: AuditBudget,
    events: Awaited<ReturnType<typeof collectEvents>>,
  ) {
    const audit = await auditSweep(stack.db, stack.temporal, sweepId, budget);
    expect(audit).toEqual(expectedAudit(audit, CELLS, RETRAININGS));
    // The last changes reach the stream within a poll or two of the sweep's end.
    await expect
      .poll(() => auditEvents(events.events, sweepId, ['SUCCEEDED']), { timeout: 30_000 })
      .toEqual({ notFinal: [], repeated: 0, rows: CELLS + RETRAININGS });
    await events.close();
    expect(auditEvents(events.events, sweepId, ['SUCCEEDED']).repeated).toBe(0);
    return audit;
  }

  it('a worker killed (SIGKILL) mid-run under up is restarted, and the run resumes from its checkpoint', async () => {
    const budget = { steps: 300, evalInterval: 20, checkpointInterval: 20 };
    const { sweepId, events } = await submitWatched(faultSpec('worker killed', budget));
    const run = await runPast(sweepId, 40);
    const worker = stack.workerPid();
    expect(worker).toBeDefined();
    process.kill(worker!, 'SIGKILL');
    await expect
      .poll(() => stack.up.output(), { timeout: 30_000 })
      .toMatch(/the worker exited \(SIGKILL\); restarting it/);

    await completes(sweepId, 300_000);
    const audit = await expectNothingLost(sweepId, budget, events);
    const resumed = await stack.db.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(resumed.attempt).toBeGreaterThanOrEqual(2);
    // The retried attempt started from a checkpoint at or after the one seen before the kill.
    expect(audit.resumedFrom[run.id]).toBeGreaterThanOrEqual(run.step);
  }, 420_000);

  it('the Temporal dev server restarted mid-sweep (same --db-filename): the sweep completes', async () => {
    const budget = { steps: 200, evalInterval: 20, checkpointInterval: 20 };
    const { sweepId, events } = await submitWatched(faultSpec('temporal restarted', budget));
    await runPast(sweepId, 20);
    await stack.restartTemporal(5_000);

    await completes(sweepId, 300_000);
    await expectNothingLost(sweepId, budget, events);
  }, 420_000);

  it('the PostgreSQL server stopped for 45 s mid-sweep: the sweep completes', async () => {
    const budget = { steps: 200, evalInterval: 20, checkpointInterval: 20 };
    const { sweepId, events } = await submitWatched(faultSpec('postgres down', budget));
    await runPast(sweepId, 20);
    await stack.pg.shutDown();
    await new Promise((resolve) => setTimeout(resolve, 45_000));
    await stack.pg.restart();

    await completes(sweepId, 300_000);
    await expectNothingLost(sweepId, budget, events);
  }, 420_000);
});
