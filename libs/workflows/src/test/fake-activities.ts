// Fake control and training activities over a FakeWorld, with the signatures of the real
// ones, registered with real Temporal workers. The training fakes heartbeat, so they see a
// cancellation as the real loops do.
import { ApplicationFailure, CancelledFailure, Context } from '@temporalio/activity';
import type { ControlActivities, TrainingActivities } from '@morphsweep/activities';
import {
  isCollapsedRun,
  isResumableRun,
  retrainingSeed,
  retrainingWorkflowId,
  summarizePareto,
  trainingQueueFor,
  type RunState,
  type TaskQueue,
} from '@morphsweep/contracts';
import {
  candidateFrontier,
  refinementCells,
  refinementRoundLimit,
} from '@morphsweep/sweeps/selection';
import type { FakeBehaviour, FakeRetraining, FakeWorld } from './fake-world';

// Trains until the behaviour says stop; a gate or 'block' keeps heartbeating, so a
// cancellation request reaches the attempt and ends it with CancelledFailure.
async function train(world: FakeWorld, behaviour: FakeBehaviour): Promise<void> {
  const context = Context.current();
  const held = behaviour === 'block' || (typeof behaviour === 'object' && 'gate' in behaviour);
  do {
    context.heartbeat();
    await context.sleep(held ? 50 : 20);
  } while (
    held &&
    !(typeof behaviour === 'object' && 'gate' in behaviour && world.gate(behaviour.gate).released)
  );
  if (behaviour === 'flake') throw new Error('fake outage: connection refused');
  if (typeof behaviour === 'object' && 'fail' in behaviour) {
    throw ApplicationFailure.nonRetryable(`fake ${behaviour.fail}`, behaviour.fail);
  }
}

function trainingQueue(): TaskQueue {
  return Context.current().info.taskQueue as TaskQueue;
}

/** The fake training activities (learnStructure, retrainStructure). */
export function fakeTrainingActivities(world: FakeWorld): TrainingActivities {
  return {
    async learnStructure({ runId }) {
      const run = world.run(runId);
      const sweep = world.sweep(run.sweepId);
      run.attempts++;
      run.status = 'RUNNING';
      sweep.started.push(run.index);
      sweep.maxInFlight = Math.max(sweep.maxInFlight, ++sweep.inFlight);
      try {
        const collapse = run.collapses ? { fail: 'STRUCTURE_COLLAPSED' as const } : undefined;
        await train(world, sweep.input.learn?.(run) ?? collapse ?? 'succeed');
        run.status = 'SUCCEEDED';
        return { runId, ...run.result, stepsTrained: 10, resumedFromStep: null };
      } catch (error) {
        if (error instanceof CancelledFailure) run.cancelObserved = true;
        // Like the real activity, a permanent failure is written before it is thrown.
        if (error instanceof ApplicationFailure)
          Object.assign(run, { status: 'FAILED', errorCode: error.type });
        throw error;
      } finally {
        sweep.inFlight--;
      }
    },
    async retrainStructure({ retrainingId }) {
      const retraining = retrainingOf(world, retrainingId);
      const source = world.run(retraining.sourceRunId);
      // Like the real one: a retraining that already succeeded answers its stored result.
      if (retraining.status === 'SUCCEEDED')
        return {
          retrainingId,
          finalAccuracy: retraining.finalAccuracy ?? 0,
          measuredCost: retraining.measuredCost ?? 0,
        };
      retraining.attempts++;
      retraining.status = 'RUNNING';
      retraining.queue = trainingQueue();
      await train(
        world,
        world.sweep(retraining.sweepId).input.retrainBehaviour?.(retraining) ?? 'succeed',
      );
      // The baseline is the seed scaled to the same cost: same cost, somewhat lower accuracy.
      const finalAccuracy =
        source.result.accuracy - (retraining.kind === 'WIDTH_MULTIPLIER' ? 0.1 : 0);
      Object.assign(retraining, {
        status: 'SUCCEEDED',
        finalAccuracy,
        measuredCost: source.result.cost,
      });
      return { retrainingId, finalAccuracy, measuredCost: source.result.cost };
    },
  };
}

// The frontier over the deduplicated candidates of the SUCCEEDED cells, as the real one.
function candidatesOf(world: FakeWorld, sweepId: string) {
  const runs = world.runsOf(sweepId);
  return candidateFrontier(
    (world.sweep(sweepId).input.candidates ?? [])
      .filter((c) => runs[c.cell]?.status === 'SUCCEEDED')
      .map(({ cell, ...c }) => ({ ...c, runId: runs[cell]!.id })),
  );
}

// One replica's row, as the real ensureRetraining keeps it: created once per (structure, kind,
// replica) with the replica's seed; promoting again gives a failed or cancelled one another go.
function ensureReplica(
  world: FakeWorld,
  key: Pick<FakeRetraining, 'sourceRunId' | 'kind' | 'structureHash' | 'trigger' | 'replica'>,
): { retraining: FakeRetraining; created: boolean } {
  const run = world.run(key.sourceRunId);
  const existing = world
    .retrainingsOf(run.sweepId)
    .find(
      (r) =>
        r.structureHash === key.structureHash && r.kind === key.kind && r.replica === key.replica,
    );
  if (existing) {
    if (
      key.trigger === 'PROMOTED' &&
      (existing.status === 'FAILED' || existing.status === 'CANCELLED')
    )
      Object.assign(existing, { status: 'QUEUED', errorCode: undefined });
    return { retraining: existing, created: false };
  }
  const retraining: FakeRetraining = {
    ...key,
    id: `${run.sweepId}-r${world.retrainingsOf(run.sweepId).length}`,
    sweepId: run.sweepId,
    workflowId: retrainingWorkflowId(run.sweepId, key.structureHash, key.kind, key.replica),
    seed: retrainingSeed(0, key.replica),
    status: 'QUEUED',
    attempts: 0,
  };
  world.retrainings.set(retraining.id, retraining);
  return { retraining, created: true };
}

function retrainingOf(world: FakeWorld, id: string): FakeRetraining {
  const retraining = world.retrainings.get(id);
  if (!retraining) throw ApplicationFailure.nonRetryable(`no retraining ${id}`, 'NOT_FOUND');
  return retraining;
}

/** The fake control activities: the bookkeeping the real ones do in Postgres. */
export function fakeControlActivities(world: FakeWorld): ControlActivities {
  return {
    async loadSweepPlan({ sweepId }) {
      await world.pass(`loadSweepPlan:${sweepId}`);
      if (!world.sweeps.has(sweepId))
        throw ApplicationFailure.nonRetryable(`no sweep ${sweepId}`, 'NOT_FOUND');
      const sweep = world.sweep(sweepId);
      sweep.status = 'RUNNING';
      const runs = world.runsOf(sweepId);
      const counts: Record<RunState, number> = {
        QUEUED: 0,
        RUNNING: 0,
        SUCCEEDED: 0,
        FAILED: 0,
        CANCELLED: 0,
      };
      for (const r of runs) counts[r.status]++;
      return {
        sweepId,
        total: runs.length,
        counts,
        collapsed: runs.filter(isCollapsedRun).length,
        pendingRunIds: runs
          .filter((r) => r.status === 'QUEUED' || r.status === 'RUNNING')
          .map((r) => r.id),
        concurrency: sweep.concurrency,
        trainingQueue: trainingQueueFor(sweep.accelerator),
        retrain: sweep.retrain,
        seedCost: sweep.seedCost,
        ...(sweep.input.refine ? { refine: sweep.input.refine } : {}),
      };
    },
    async updatePareto({ sweepId }) {
      const done = world.runsOf(sweepId).filter((r) => r.status === 'SUCCEEDED');
      const summary = summarizePareto(
        done.map((r) => ({ id: r.id, ...r.result })),
        world.sweep(sweepId).seedCost,
      );
      return {
        frontier: summary.frontier.map((p) => ({
          runId: p.id,
          cost: p.cost,
          accuracy: p.accuracy,
          structureHash: world.run(p.id).result.structureHash,
        })),
        hypervolume: summary.hypervolume,
        kneeRunId: summary.knee?.id ?? null,
        ...(world.sweep(sweepId).input.candidates
          ? { candidates: candidatesOf(world, sweepId) }
          : {}),
      };
    },
    async refineGrid({ sweepId }) {
      // The real activity's rule over the world's cells (it is pure and shared).
      await world.pass(`refineGrid:${sweepId}`);
      const sweep = world.sweep(sweepId);
      const refine = sweep.input.refine;
      if (!refine) return { round: 0, runIds: [] };
      const cells = world.runsOf(sweepId);
      const refined = cells.filter((c) => c.refineRound !== undefined);
      const round = Math.max(0, ...refined.map((c) => c.refineRound as number));
      sweep.refineCalls++;
      const chosen = refinementCells(
        cells.map((c) => ({
          id: c.id,
          strength: c.strength,
          threshold: c.threshold,
          status: c.status,
          errorCode: c.errorCode ?? null,
          cost: c.status === 'SUCCEEDED' ? c.result.cost : null,
          accuracy: c.status === 'SUCCEEDED' ? c.result.accuracy : null,
        })),
        {
          seedCost: sweep.seedCost,
          limit: refinementRoundLimit(refine, round + 1, refined.length),
        },
      );
      if (chosen.length === 0) return { round, runIds: [] };
      const added = chosen.map((c) =>
        world.addRefinedCell(sweepId, c.strength, c.threshold, round + 1),
      );
      return { round: round + 1, runIds: added.map((r) => r.id) };
    },
    async markRunFinal({ runId, status, errorCode }) {
      await world.pass(`markRunFinal:${runId}`);
      const run = world.run(runId);
      world.sweep(run.sweepId).finals.push({ runId, status, errorCode });
      if (run.status !== 'SUCCEEDED') Object.assign(run, { status, errorCode });
    },
    async requeueFailedRuns({ sweepId }) {
      world.sweep(sweepId).requeues++;
      const requeued = world.runsOf(sweepId).filter(isResumableRun);
      const former = requeued.map((r) => ({ id: r.id, status: r.status }));
      for (const r of requeued) Object.assign(r, { status: 'QUEUED', errorCode: undefined });
      return former;
    },
    async cancelQueuedRuns({ sweepId }) {
      const queued = world.runsOf(sweepId).filter((r) => r.status === 'QUEUED');
      for (const r of queued) Object.assign(r, { status: 'CANCELLED', errorCode: 'CANCELLED' });
      return queued.length;
    },
    async setSweepStatus({ sweepId, status }) {
      await world.pass(`setSweepStatus:${sweepId}`);
      const sweep = world.sweep(sweepId);
      sweep.status = status;
      sweep.statuses.push(status);
    },
    async ensureRetraining({ runId, trigger, kind = 'LEARNED', ...input }) {
      await world.pass(`ensureRetraining:${runId}`);
      const run = world.runs.get(runId);
      if (!run) throw ApplicationFailure.nonRetryable(`no run ${runId}`, 'NOT_FOUND');
      if (run.status !== 'SUCCEEDED')
        throw ApplicationFailure.nonRetryable(`run ${runId} is ${run.status}`, 'RUN_NOT_SUCCEEDED');
      const structureHash = input.structureHash ?? run.result.structureHash;
      const seeds = world.sweep(run.sweepId).input.seeds ?? 1;
      const replicas =
        input.replica !== undefined ? [input.replica] : Array.from({ length: seeds }, (_, r) => r);
      const ensured = replicas.map((replica) => {
        const { retraining, created } = ensureReplica(world, {
          sourceRunId: runId,
          kind,
          structureHash,
          trigger,
          replica,
        });
        return {
          retrainingId: retraining.id,
          workflowId: retraining.workflowId,
          structureHash,
          created,
          replica,
        };
      });
      return { ...ensured[0]!, replicas: ensured };
    },
    async recordRetrainingFailure({ retrainingId, status, errorCode }) {
      Object.assign(retrainingOf(world, retrainingId), { status, errorCode });
    },
  };
}
