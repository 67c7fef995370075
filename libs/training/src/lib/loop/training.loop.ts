import { makeBatch } from '../data/batch';
import { TrainingError } from '../training.error';
import { initialLoopState, type LoopState } from './loop.state';
import type { StepLosses } from './train.step';
import { encodeTrainingCheckpoint, restoreTrainingCheckpoint } from './training.checkpoint';
import type { LoopStop, TrainingPolicy } from './training.policy';
import type { TrainingSession } from './training.session';
import type { CheckpointSink } from './training.types';

/** How a caller drives and watches the training loop. Each async hook is awaited. */
export interface TrainingLoopOptions {
  /** Stops the loop before the next step; the outcome is then `cancelled` (no checkpoint). */
  readonly signal?: AbortSignal;
  /** Where checkpoints go and come from (needed to checkpoint and for `resumeFrom`). */
  readonly checkpoints?: CheckpointSink;
  /** Continue from this checkpoint URI (of `checkpoints`) instead of step 0. */
  readonly resumeFrom?: string;
  /** Called after every step with the steps taken (cheap; for heartbeats). */
  onStep?(step: number): void;
  /** Called after `onStep` with that step's losses (progress bars). */
  onProgress?(progress: { step: number; taskLoss: number; regLoss: number }): void;
  /** Called after every checkpoint is saved. */
  onCheckpoint?(checkpoint: { step: number; uri: string }): Promise<void> | void;
}

/** How the loop ended. */
export interface LoopOutcome<Stop extends string> {
  readonly stopReason: LoopStop<Stop>;
  /** Steps taken, resumed ones included. */
  readonly steps: number;
}

/**
 * The one training loop of structure learning and retraining. From step 0, or from the
 * checkpoint `options.resumeFrom` (weights, batch-norm moving statistics, optimizer slots,
 * step, cursor, RNG and the policy's progress; see `restoreTrainingCheckpoint`), it takes
 * `policy.step` on the cursor's next batch with the RNG's next seed until the budget, the
 * signal or the policy stops it; after every step it checks the losses are finite, calls the
 * hooks, yields to the event loop (a step is synchronous: heartbeats and the abort signal
 * get through between steps), hands over to `policy.afterStep`, and checkpoints when due.
 * Resumed, it ends exactly as the uninterrupted run would have, on the same backend.
 * Throws `TrainingError`: `INVALID_ARGUMENT` for `resumeFrom` without a sink, the restore's
 * codes, `DIVERGED` for a non-finite loss; the sink's and policy's errors as they are.
 */
export async function runTrainingLoop<Progress extends object, Stop extends string>(
  session: TrainingSession,
  policy: TrainingPolicy<Progress, Stop>,
  options: TrainingLoopOptions,
): Promise<LoopOutcome<Stop>> {
  const state = await startingState(session, policy, options);
  const checkpoints = checkpointWriter(session, policy, state, options);
  let stop: LoopStop<Stop>;
  for (;;) {
    if (options.signal?.aborted) {
      stop = 'cancelled';
      break;
    }
    if (state.step >= policy.totalSteps) {
      stop = 'budget';
      break;
    }
    const early = await takeStep(session, policy, state, options);
    const last = state.step >= policy.totalSteps;
    if (checkpoints.due(last || early !== undefined)) await checkpoints.save();
    if (early) {
      stop = early;
      break;
    }
  }
  stop = await policy.afterLoop(stop, state.step);
  if (stop !== 'cancelled' && !checkpoints.saved()) await checkpoints.save();
  return { stopReason: stop, steps: state.step };
}

/**
 * Saves checkpoints of `state` through `options.checkpoints` (a no-op without a sink or an
 * interval) and remembers the last step saved (a resumed run starts saved).
 */
function checkpointWriter<Progress extends object>(
  session: TrainingSession,
  policy: TrainingPolicy<Progress, string>,
  state: LoopState,
  options: TrainingLoopOptions,
) {
  const sink = options.checkpoints;
  const interval = sink ? policy.checkpointInterval : undefined;
  let savedStep = options.resumeFrom !== undefined ? state.step : -1;
  return {
    /** Whether this step is checkpointed: every interval, and at the `end`. */
    due: (end: boolean) => interval !== undefined && (state.step % interval === 0 || end),
    saved: () => savedStep === state.step,
    async save(): Promise<void> {
      if (!sink || interval === undefined) return;
      const progress = policy.progress();
      const bytes = encodeTrainingCheckpoint(
        policy.checkpoint,
        session.backend,
        session,
        state,
        progress,
      );
      const uri = await sink.save(state.step, bytes);
      savedStep = state.step;
      await options.onCheckpoint?.({ step: state.step, uri });
    },
  };
}

async function startingState<Progress extends object>(
  session: TrainingSession,
  policy: TrainingPolicy<Progress, string>,
  options: TrainingLoopOptions,
): Promise<LoopState> {
  const { setup, train } = session;
  if (options.resumeFrom === undefined)
    return initialLoopState(train.count, setup.batchSize, setup.seed);
  if (!options.checkpoints)
    throw new TrainingError(
      'INVALID_ARGUMENT',
      'resumeFrom needs a checkpoints sink to load it from',
    );
  const bytes = await options.checkpoints.load(options.resumeFrom);
  const { state, meta } = restoreTrainingCheckpoint<Progress>(bytes, policy.checkpoint, {
    ...session,
    trainCount: train.count,
  });
  policy.restore(meta);
  return state;
}

/** One step: batch, policy step, finite check, hooks, yield, the policy's after-step. */
async function takeStep<Stop extends string>(
  session: TrainingSession,
  policy: TrainingPolicy<object, Stop>,
  state: LoopState,
  options: TrainingLoopOptions,
): Promise<Stop | undefined> {
  const started = performance.now();
  const batch = makeBatch(session.train, state.cursor.next().indices);
  let losses: StepLosses;
  try {
    losses = policy.step(batch, state.step, state.rng.nextUint32());
  } finally {
    batch.dispose();
  }
  const ms = performance.now() - started;
  state.step += 1;
  if (!Number.isFinite(losses.taskLoss) || !Number.isFinite(losses.regLoss)) {
    throw new TrainingError(
      'DIVERGED',
      `loss became ${losses.taskLoss} (reg ${losses.regLoss}) at step ${state.step}; lower ${policy.divergenceHint}`,
    );
  }
  options.onStep?.(state.step);
  options.onProgress?.({ step: state.step, ...losses });
  await new Promise<void>((resolve) => setImmediate(resolve));
  return policy.afterStep(state.step, losses, ms);
}
