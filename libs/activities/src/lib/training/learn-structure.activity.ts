import os from 'node:os';
import { ApplicationFailure, CancelledFailure, Context } from '@temporalio/activity';
import {
  CandidateRepository,
  RunMetricRepository,
  RunRepository,
  SweepRepository,
  type Run,
} from '@morphsweep/db';
import type {
  LearnMetricPoint,
  LearnStructureConfig,
  LearnStructureResult,
} from '@morphsweep/training';
import type { ActivityDeps, LearnStructureFn } from '../activity-deps';
import { artifactCheckpointSink, checkpointStepOf, recordedCheckpoints } from './checkpoint-sink';
import { classifyError, NonFiniteLossError } from './classify-error';
import { Heartbeater, heartbeatCheckpoint, previousHeartbeat } from './heartbeat';
import { readableCheckpoint } from './resume-checkpoint';
import { SweepConfigCache } from './sweep-config-cache';
import { candidatesOf } from './run-candidates';
import { permanentIfNotFound } from '../permanent-if-not-found';

/** Input of {@link createLearnStructureActivity}'s activity. */
export interface LearnStructureInput {
  runId: string;
}

/** What the sweep workflow learns of a finished cell (the full result is in Postgres). */
export interface LearnStructureOutcome {
  runId: string;
  cost: number;
  accuracy: number;
  structureHash: string;
  stepsTrained: number;
  /** Step of the checkpoint this attempt resumed from; null when it started at 0. */
  resumedFromStep: number | null;
}

/** Where an attempt starts: a verified checkpoint (`uri`, `bytes`), or step 0 (`step` null). */
type ResumePoint = { uri: string; step: number; bytes: Buffer } | { uri?: undefined; step: null };

// Where a retried attempt resumes: the newest readable one of the heartbeat's, the run row's
// and the recorded checkpoints; a bad one (missing, checksum mismatch) falls back to the one
// before it, then to step 0, instead of failing every attempt the same way. `run` is the row
// as this attempt started it: on the first attempt (`attempt` 1) no checkpoint can exist.
async function resumePoint(deps: ActivityDeps, context: Context, run: Run): Promise<ResumePoint> {
  if (run.attempt <= 1 && !run.lastCheckpointUri && !previousHeartbeat(context))
    return { step: null };
  const row = run.lastCheckpointUri
    ? { uri: run.lastCheckpointUri, step: checkpointStepOf(run.lastCheckpointUri) ?? run.step }
    : undefined;
  const verified = await readableCheckpoint(
    deps.store,
    [
      heartbeatCheckpoint(previousHeartbeat(context)),
      row,
      ...(await recordedCheckpoints(deps.db, { runId: run.id })),
    ],
    (ref, reason) => context.log.warn(`skipping checkpoint ${ref.uri}: ${reason}`),
  );
  return verified ?? { step: null };
}

function checkFinite(points: readonly LearnMetricPoint[]): void {
  const bad = points.find((p) => !Number.isFinite(p.taskLoss) || !Number.isFinite(p.regLoss));
  if (bad)
    throw new NonFiniteLossError(
      `non-finite loss at step ${bad.step} (task ${bad.taskLoss}, reg ${bad.regLoss})`,
    );
}

function outcomeOf(
  run: Run,
  stepsTrained: number,
  resumedFromStep: number | null,
): LearnStructureOutcome {
  return {
    runId: run.id,
    cost: run.cost ?? Number.NaN,
    accuracy: run.accuracy ?? Number.NaN,
    structureHash: run.structureHash ?? '',
    stepsTrained,
    resumedFromStep,
  };
}

/**
 * The structure-learning activity: trains one grid cell with `deps.learnStructure`,
 * heartbeating `{ step, checkpointUri }`, checkpointing to the artifact store, appending
 * metric points and recording the result — every write an idempotent upsert. A retried
 * attempt resumes from the newest readable one of the heartbeat's and the database's
 * checkpoints (a missing or corrupt one falls back to the previous, then to step 0); a
 * cell already SUCCEEDED returns its stored result. Permanent errors (bad configuration,
 * non-finite loss, out of memory, collapsed structure) mark the run FAILED and throw
 * `ApplicationFailure.nonRetryable` with the code as type; other errors are rethrown for
 * Temporal to retry. A cancellation request aborts the loop within a step, marks the run
 * CANCELLED and rethrows.
 */
export function createLearnStructureActivity(deps: ActivityDeps) {
  const configs = new SweepConfigCache(new SweepRepository(deps.db));
  return async function learnStructure(input: LearnStructureInput): Promise<LearnStructureOutcome> {
    const trainer = requireTrainer(deps.learnStructure);
    const context = Context.current();
    const begun = Date.now();
    const runs = new RunRepository(deps.db);
    const identity = deps.identity ?? `${os.hostname()}:${process.pid}`;
    const run = await runs.startAttempt(input.runId, identity).catch(permanentIfNotFound);
    if (run.status === 'SUCCEEDED') return outcomeOf(run, 0, null);
    const from = await resumePoint(deps, context, run);
    try {
      const config = await configs.configFor(run.sweepId, run);
      const result = await train(deps, trainer, context, run, config, from, begun);
      return await finish(deps, run, result, from.step);
    } catch (error) {
      throw await failRun(runs, run.id, context, error);
    }
  };
}

function requireTrainer(trainer: LearnStructureFn | undefined): LearnStructureFn {
  if (!trainer)
    throw ApplicationFailure.nonRetryable(
      'this worker has no structure-learning loop',
      'INVALID_CONFIG',
    );
  return trainer;
}

async function train(
  deps: ActivityDeps,
  trainer: LearnStructureFn,
  context: Context,
  run: Run,
  config: LearnStructureConfig,
  from: ResumePoint,
  begun: number,
): Promise<LearnStructureResult> {
  const runs = new RunRepository(deps.db);
  const metrics = new RunMetricRepository(deps.db);
  const candidates = new CandidateRepository(deps.db);
  const heartbeat = new Heartbeater(
    context,
    deps.heartbeatIntervalMs ?? 2000,
    {
      step: from.step ?? 0,
      ...(from.uri ? { checkpointUri: from.uri, checkpointStep: from.step ?? 0 } : {}),
    },
    begun,
  );
  const steps = config.budget.steps;
  // Heartbeat before the loop's set-up (dataset, model, restore), which can take seconds,
  // when reading the run and its checkpoint took the heartbeat interval already; a cell
  // that got here sooner heartbeats on its steps, and one finished within the interval
  // never costs a heartbeat call.
  heartbeat.step(from.step ?? 0);
  return trainer(
    config,
    {
      onStep: (step) => heartbeat.step(step),
      onMetrics: async (points) => {
        checkFinite(points);
        await metrics.append(
          run.id,
          points.map(({ aliveCounts: _alive, atThresholds: _at, ...p }) => p),
        );
        if (config.candidateThresholds) await candidates.upsertMany(candidatesOf(run, points));
      },
      onCheckpoint: async ({ step, uri }) => {
        await runs.recordProgress(run.id, {
          step,
          progress: Math.min(1, step / steps),
          lastCheckpointUri: uri,
        });
        heartbeat.checkpoint(step, uri);
      },
    },
    {
      checkpoints: artifactCheckpointSink(
        deps.store,
        deps.db,
        { runId: run.id },
        {
          ...(deps.checkpointsKept === undefined ? {} : { keep: deps.checkpointsKept }),
          ...(from.uri ? { verified: { uri: from.uri, bytes: from.bytes } } : {}),
        },
      ),
      signal: context.cancellationSignal,
      ...(from.uri ? { resumeFrom: from.uri } : {}),
    },
  );
}

async function finish(
  deps: ActivityDeps,
  run: Run,
  result: LearnStructureResult,
  resumedFromStep: number | null,
): Promise<LearnStructureOutcome> {
  if (result.status === 'cancelled') throw new CancelledFailure('training stopped by cancellation');
  if (result.status === 'collapsed') {
    throw ApplicationFailure.nonRetryable(
      `every channel of some path died after ${result.stepsTrained} steps; no usable structure`,
      'STRUCTURE_COLLAPSED',
    );
  }
  const runs = new RunRepository(deps.db);
  const saved = await runs.recordResult(run.id, {
    structure: result.structure,
    structureHash: result.structureHash,
    cost: result.cost,
    accuracy: result.accuracy,
    regLoss: result.regLoss,
    flops: result.flops,
    modelSize: result.modelSize,
    backend: result.backend,
    ...(result.latency === undefined ? {} : { latency: result.latency }),
  });
  return outcomeOf(saved, result.stepsTrained, resumedFromStep);
}

/** Records what stopped the run and returns the error for the activity to throw. */
async function failRun(
  runs: RunRepository,
  runId: string,
  context: Context,
  error: unknown,
): Promise<unknown> {
  if (context.cancellationSignal.aborted) {
    // Only a user's cancellation is final; a worker shutdown or timeout leaves the run to the retry.
    if (context.cancellationDetails?.cancelRequested) {
      await runs.setState(runId, {
        status: 'CANCELLED',
        errorCode: 'CANCELLED',
        error: 'cancelled',
      });
    }
    return error instanceof CancelledFailure ? error : new CancelledFailure('training cancelled');
  }
  if (error instanceof ApplicationFailure && error.nonRetryable) {
    await runs.setState(runId, {
      status: 'FAILED',
      errorCode: error.type ?? 'INFRASTRUCTURE',
      error: error.message,
    });
    return error;
  }
  const classified = classifyError(error);
  if (!classified.permanent) return error;
  await runs.setState(runId, {
    status: 'FAILED',
    errorCode: classified.code,
    error: classified.message,
  });
  return ApplicationFailure.nonRetryable(classified.message, classified.code);
}
