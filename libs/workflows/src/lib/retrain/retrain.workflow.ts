import { CancellationScope, isCancellation } from '@temporalio/workflow';
import { TASK_QUEUES, type TaskQueue } from '@morphsweep/contracts';
import { control, trainingActivities, type TrainingActivityOptions } from '../activity-proxies';
import { failureCode } from '../failure-code';

/** Input of {@link retrainWorkflow}. */
export interface RetrainWorkflowInput {
  retrainingId: string;
  /** The run whose structure is retrained. */
  runId: string;
  /** The candidate structure of the run to retrain, when not its own. */
  structureHash?: string;
  trigger: 'AUTO' | 'PROMOTED';
  /** Also retrain the seed scaled uniformly to the same cost. */
  baseline?: boolean;
  /** Which of the structure's retrainings from scratch this is (absent: 0); its baseline's too. */
  replica?: number;
  trainingQueue?: TaskQueue;
  training?: TrainingActivityOptions;
}

export interface RetrainWorkflowResult {
  retrainingId: string;
  finalAccuracy: number;
  measuredCost: number;
  baseline?: { retrainingId: string; finalAccuracy: number; measuredCost: number };
}

async function retrainOne(retrainingId: string, input: RetrainWorkflowInput) {
  const training = trainingActivities(input.trainingQueue ?? TASK_QUEUES.trainCpu, input.training);
  try {
    return await training.retrainStructure({ retrainingId });
  } catch (error) {
    const cancelled = isCancellation(error);
    const { code, message } = failureCode(error);
    await CancellationScope.nonCancellable(() =>
      control.recordRetrainingFailure({
        retrainingId,
        status: cancelled ? 'CANCELLED' : 'FAILED',
        errorCode: cancelled ? 'CANCELLED' : code,
        error: message,
      }),
    );
    throw error;
  }
}

/**
 * Retrains a learned structure from scratch (the slimmed network) on the training queue
 * and, when asked, the width-multiplier baseline at the same cost, both as replica
 * `replica` (so with that replica's seed); each outcome lands in its `Retraining` row.
 * Started by the sweep (auto policy, promotion), once per replica, with a workflow id
 * derived from the structure hash and the replica, so one structure is retrained `seeds`
 * times per sweep.
 */
export async function retrainWorkflow(input: RetrainWorkflowInput): Promise<RetrainWorkflowResult> {
  const learned = await retrainOne(input.retrainingId, input);
  if (!input.baseline) return learned;
  const ensured = await control.ensureRetraining({
    runId: input.runId,
    trigger: input.trigger,
    kind: 'WIDTH_MULTIPLIER',
    ...(input.structureHash ? { structureHash: input.structureHash } : {}),
    // Only this replica's baseline: another replica's is its own workflow's to ensure.
    replica: input.replica ?? 0,
  });
  const baseline = await retrainOne(ensured.retrainingId, input);
  return { ...learned, baseline };
}
