import { ApplicationFailure, CancelledFailure, Context } from '@temporalio/activity';
import { RetrainingRepository, SweepRepository, type Retraining } from '@morphsweep/db';
import { countParameters, type NetworkDescription } from '@morphsweep/morphnet';
import type { SweepSpec } from '@morphsweep/contracts';
import { networkCost, retrainedNetworkOf } from '@morphsweep/sweeps';
import type { ActivityDeps } from '../activity-deps';
import { artifactCheckpointSink, recordedCheckpoints } from './checkpoint-sink';
import { classifyError } from './classify-error';
import { Heartbeater, heartbeatCheckpoint, previousHeartbeat } from './heartbeat';
import { readableCheckpoint, type VerifiedCheckpoint } from './resume-checkpoint';
import { specOf } from './run-config';

/** What a finished retraining reports to its workflow. */
export interface RetrainOutcome {
  retrainingId: string;
  finalAccuracy: number;
  measuredCost: number;
}

// The network to retrain: the learned widths applied to the seed, or the seed scaled
// uniformly to the learned structure's cost (the width-multiplier baseline); the structure is
// the source run's own or, when the retraining names another, that candidate of the run's.
async function networkFor(
  deps: ActivityDeps,
  spec: SweepSpec,
  retraining: Retraining,
): Promise<NetworkDescription> {
  const source = await new RetrainingRepository(deps.db).sourceOf(retraining);
  if (!source.ok) throw ApplicationFailure.nonRetryable(source.problem, 'INVALID_CONFIG');
  return retrainedNetworkOf(spec, retraining.kind, source);
}

// Where a retried attempt resumes: the newest readable one of the heartbeat's and the
// recorded checkpoints; a missing or corrupt one falls back to the one before, then to step 0.
async function resumePoint(
  deps: ActivityDeps,
  context: Context,
  retrainingId: string,
): Promise<VerifiedCheckpoint | undefined> {
  return readableCheckpoint(
    deps.store,
    [
      heartbeatCheckpoint(previousHeartbeat(context)),
      ...(await recordedCheckpoints(deps.db, { retrainingId })),
    ],
    (ref, reason) => context.log.warn(`skipping checkpoint ${ref.uri}: ${reason}`),
  );
}

/**
 * The retraining activity (training queue): builds the slimmed network (or the width
 * baseline), retrains it from scratch with `deps.retrain` under the sweep's retrain budget
 * (passed whole: steps or epochs, and its recipe; the sweep's own budget when it has none)
 * and the row's seed (its replica's, `retrainingSeed`), and records final accuracy,
 * measured cost and parameter count. Heartbeats like structure
 * learning, and a retried attempt resumes by the same rule from the newest readable one of
 * the heartbeat's and the recorded checkpoints (a bad one falls back to the one before); permanent errors are recorded and
 * thrown non-retryable.
 */
export function createRetrainStructureActivity(deps: ActivityDeps) {
  return async function retrainStructure(input: { retrainingId: string }): Promise<RetrainOutcome> {
    const retrainer = deps.retrain;
    if (!retrainer)
      throw ApplicationFailure.nonRetryable('this worker has no retraining loop', 'INVALID_CONFIG');
    const context = Context.current();
    const repo = new RetrainingRepository(deps.db);
    const retraining = await repo.get(input.retrainingId);
    if (retraining.status === 'SUCCEEDED') {
      return {
        retrainingId: retraining.id,
        finalAccuracy: retraining.finalAccuracy ?? 0,
        measuredCost: retraining.measuredCost ?? 0,
      };
    }
    try {
      const spec = specOf(await new SweepRepository(deps.db).get(retraining.sweepId));
      const network = await networkFor(deps, spec, retraining);
      await repo.record(retraining.id, { status: 'RUNNING' });
      const from = await resumePoint(deps, context, retraining.id);
      const heartbeat = new Heartbeater(context, deps.heartbeatIntervalMs ?? 2000, {
        step: from?.step ?? 0,
        ...(from ? { checkpointUri: from.uri, checkpointStep: from.step } : {}),
      });
      const budget =
        (spec.retrain.policy === 'none' ? undefined : spec.retrain.budget) ?? spec.budget;
      const result = await retrainer(
        { network, dataset: spec.dataset, budget, seed: retraining.seed, target: spec.morphnet },
        {
          checkpoints: artifactCheckpointSink(
            deps.store,
            deps.db,
            { retrainingId: retraining.id },
            {
              ...(deps.checkpointsKept === undefined ? {} : { keep: deps.checkpointsKept }),
              ...(from ? { verified: from } : {}),
            },
          ),
          signal: context.cancellationSignal,
          onStep: (step) => heartbeat.step(step),
          onCheckpoint: ({ step, uri }) => heartbeat.checkpoint(step, uri),
          ...(from ? { resumeFrom: from.uri } : {}),
        },
      );
      if (result.status === 'cancelled') throw new CancelledFailure('retraining cancelled');
      const measuredCost = networkCost(network, spec.morphnet);
      const parameters = countParameters(network);
      await repo.record(retraining.id, {
        status: 'SUCCEEDED',
        finalAccuracy: result.accuracy,
        measuredCost,
        parameters,
      });
      return { retrainingId: retraining.id, finalAccuracy: result.accuracy, measuredCost };
    } catch (error) {
      if (context.cancellationSignal.aborted || error instanceof CancelledFailure) throw error;
      const classified = error instanceof ApplicationFailure ? undefined : classifyError(error);
      if (!classified?.permanent) throw error;
      await repo.record(retraining.id, {
        status: 'FAILED',
        errorCode: classified.code,
        error: classified.message,
      });
      throw ApplicationFailure.nonRetryable(classified.message, classified.code);
    }
  };
}
