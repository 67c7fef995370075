import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SweepResponse } from '@morphsweep/contracts';
import { startFaultStack, type FaultStack } from './support/fault-stack';
import { auditSweep, expectedAudit, type AuditBudget } from './support/sweep-audit';

// Issue 13's fault-injection suite: faults injected into the real stack (`morphsweep up`
// against a real PostgreSQL and a Temporal dev server) in the middle of a sweep of real
// training on tiny sizes. Each sweep must still complete with nothing lost or duplicated:
// every run, metric point, kept checkpoint and retraining, and no training scheduled twice.
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

  beforeAll(async () => {
    stack = await startFaultStack();
  }, 240_000);
  afterAll(async () => {
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

  async function expectNothingLost(sweepId: string, budget: AuditBudget) {
    const audit = await auditSweep(stack.db, stack.temporal, sweepId, budget);
    expect(audit).toEqual(expectedAudit(audit, CELLS, RETRAININGS));
    return audit;
  }

  it('a worker killed (SIGKILL) mid-run under up is restarted, and the run resumes from its checkpoint', async () => {
    const budget = { steps: 300, evalInterval: 20, checkpointInterval: 20 };
    const sweepId = await stack.submit(faultSpec('worker killed', budget));
    const run = await runPast(sweepId, 40);
    const worker = stack.workerPid();
    expect(worker).toBeDefined();
    process.kill(worker!, 'SIGKILL');
    await expect
      .poll(() => stack.up.output(), { timeout: 30_000 })
      .toMatch(/the worker exited \(SIGKILL\); restarting it/);

    await completes(sweepId, 300_000);
    const audit = await expectNothingLost(sweepId, budget);
    const resumed = await stack.db.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(resumed.attempt).toBeGreaterThanOrEqual(2);
    // The retried attempt started from a checkpoint at or after the one seen before the kill.
    expect(audit.resumedFrom[run.id]).toBeGreaterThanOrEqual(run.step);
  }, 420_000);

  it('the Temporal dev server restarted mid-sweep (same --db-filename): the sweep completes', async () => {
    const budget = { steps: 200, evalInterval: 20, checkpointInterval: 20 };
    const sweepId = await stack.submit(faultSpec('temporal restarted', budget));
    await runPast(sweepId, 20);
    await stack.restartTemporal(5_000);

    await completes(sweepId, 300_000);
    await expectNothingLost(sweepId, budget);
  }, 420_000);

  it('the PostgreSQL server stopped for 45 s mid-sweep: the sweep completes', async () => {
    const budget = { steps: 200, evalInterval: 20, checkpointInterval: 20 };
    const sweepId = await stack.submit(faultSpec('postgres down', budget));
    await runPast(sweepId, 20);
    await stack.pg.shutDown();
    await new Promise((resolve) => setTimeout(resolve, 45_000));
    await stack.pg.restart();

    await completes(sweepId, 300_000);
    await expectNothingLost(sweepId, budget);
  }, 420_000);
});
