import {
  applyStructure,
  buildModel,
  countParameters,
  flopFunction,
  fullWidthCost,
  latencyFunction,
  modelSizeFunction,
  resolveHardware,
  scaleWidths,
  type MorphModel,
  type NetworkDescription,
  type ResourceFunction,
} from '@morphsweep/morphnet';
import { makeBatch } from '../data/batch';
import { BatchCursor } from '../data/batch-cursor';
import { loadFashionMnist } from '../data/fashion-mnist';
import type { ImageDataset } from '../data/image-dataset';
import { Rng } from '../data/rng';
import { TrainingError } from '../training.error';
import { activeBackendName } from '../structure-learning/backend.name';
import { loadDatasetSplits } from '../structure-learning/dataset.config';
import { evaluateAccuracy } from '../structure-learning/evaluate.accuracy';
import { SlotOptimizer } from '../structure-learning/optimizer.state';
import { trainStep } from '../structure-learning/train.step';
import { learningRateAt } from './learning-rate.schedule';
import { recalibrateBatchNorm } from './recalibrate-batch-norm';
import {
  encodeRetrainCheckpoint,
  restoreRetrainCheckpoint,
  retrainTrajectory,
  type RetrainRunState,
} from './retrain.checkpoint';
import type {
  RetrainConfig,
  RetrainEpoch,
  RetrainOptions,
  RetrainResult,
  RetrainTarget,
} from './retrain.types';

/** The network a {@link RetrainTarget} stands for. */
export function retrainNetwork(target: RetrainTarget): NetworkDescription {
  if ('structure' in target) return applyStructure(target.network, target.structure);
  if ('widthMultiplier' in target) return scaleWidths(target.network, target.widthMultiplier);
  return target;
}

function resourceFunction(config: RetrainConfig): ResourceFunction {
  const r = config.costResource ?? { resource: 'flops' };
  switch (r.resource) {
    case 'flops':
      return flopFunction(1);
    case 'model-size':
      return modelSizeFunction;
    case 'latency':
      return latencyFunction(resolveHardware(r.hardware), 1);
    default:
      throw new TrainingError('INVALID_ARGUMENT', `unknown resource "${String(r.resource)}"`);
  }
}

function validate(config: RetrainConfig, options: RetrainOptions): void {
  const bad = (why: string) => new TrainingError('INVALID_ARGUMENT', `retrain: ${why}`);
  if (!Number.isInteger(config.epochs) || config.epochs < 1)
    throw bad(`epochs must be a positive integer, got ${config.epochs}`);
  if (!Number.isInteger(config.batchSize) || config.batchSize < 1)
    throw bad(`batchSize must be a positive integer, got ${config.batchSize}`);
  const interval = config.checkpointInterval;
  if (interval !== undefined && (!Number.isInteger(interval) || interval < 1))
    throw bad(`checkpointInterval must be a positive integer, got ${interval}`);
  if (options.resumeFrom !== undefined && !options.checkpoints)
    throw bad('resumeFrom needs a checkpoints sink to load it from');
}

async function evaluationSet(
  config: RetrainConfig,
  validation: ImageDataset,
): Promise<ImageDataset> {
  if (config.evaluateOn !== 'test') return validation;
  if (config.dataset.kind !== 'fashion-mnist')
    throw new TrainingError(
      'INVALID_ARGUMENT',
      'evaluateOn "test" needs the fashion-mnist dataset',
    );
  return loadFashionMnist({ split: 'test', directory: config.dataset.directory });
}

/** Ends an epoch: recalibrates batch norm, evaluates, records and reports the epoch. */
async function finishEpoch(
  model: MorphModel,
  s: RetrainRunState,
  data: { train: ImageDataset; validation: ImageDataset },
  lr: number,
  config: RetrainConfig,
  options: RetrainOptions,
): Promise<void> {
  const epoch = s.epochs.length + 1;
  // Evaluate (and keep) moving statistics that belong to these weights.
  recalibrateBatchNorm(model, data.train, {
    batchSize: config.batchSize,
    seed: config.seed + epoch,
  });
  const record: RetrainEpoch = {
    epoch,
    steps: s.step,
    loss: s.epoch.lossSum / s.epoch.steps,
    learningRate: lr,
    validationAccuracy: evaluateAccuracy(model, data.validation),
    examplesPerSecond: (s.epoch.steps * config.batchSize) / s.epoch.seconds,
  };
  s.epochs.push(record);
  s.epoch = { steps: 0, lossSum: 0, seconds: 0 };
  await options.onEpoch?.(record);
}

/**
 * Retrains a network from scratch, without any MorphNet regularizer: the learned-structure
 * network (`applyStructure`), a width-multiplier baseline (`scaleWidths`) or a description
 * as given. Trains `epochs` epochs (⌊train size / batch⌋ steps each, seeded batches) with the
 * optimizer (default Adam) and a learning-rate schedule (default cosine decay from
 * `learningRate` to 0), evaluates after every epoch on the validation split, and returns the
 * final accuracy (`evaluateOn`), the network's full-width cost and its parameter count.
 * Before each evaluation the batch-norm statistics are recalibrated on training batches
 * ({@link recalibrateBatchNorm}), so accuracy is measured in true inference mode.
 * Yields to the event loop after every step, so a caller's heartbeats and cancellation are
 * delivered while it trains; stops after the current step when `options.signal` fires (status
 * `cancelled`; a partly trained epoch is still evaluated, no checkpoint is written).
 *
 * With `config.checkpointInterval` and `options.checkpoints` it writes a checkpoint (see
 * `RetrainCheckpointMeta`) every `checkpointInterval` steps and after the last step — after
 * the epoch's evaluation when the step ends an epoch — and reports it through
 * `options.onCheckpoint`. With `options.resumeFrom` it restores weights, batch-norm moving
 * statistics, optimizer slots, step (so the schedule's position), data cursor, RNG and epoch
 * records from that checkpoint and ends exactly as the uninterrupted run would have (same
 * backend). Throws `TrainingError`: `INVALID_ARGUMENT` for a bad config, `CHECKPOINT_INVALID`
 * / `CHECKPOINT_MISMATCH` / `CURSOR_MISMATCH` for an unusable checkpoint, `DIVERGED` for a
 * non-finite loss, dataset errors from the loaders; the sink's errors as they are.
 */
export async function retrain(
  target: RetrainTarget,
  config: RetrainConfig,
  options: RetrainOptions = {},
): Promise<RetrainResult> {
  validate(config, options);
  const network = retrainNetwork(target);
  const backend = await activeBackendName();
  const { train, validation } = await loadDatasetSplits(config.dataset, config.seed);
  const test = await evaluationSet(config, validation);
  const trajectory = retrainTrajectory(network, config);
  const model = buildModel(network, { seed: config.seed });
  const optimizer = new SlotOptimizer(
    config.optimizer ?? 'adam',
    model.trainableVariables(),
    config.learningRate,
  );
  try {
    let s: RetrainRunState = {
      step: 0,
      cursor: BatchCursor.create({
        datasetSize: train.count,
        batchSize: config.batchSize,
        seed: config.seed,
      }),
      rng: Rng.fromSeed(config.seed),
      epochs: [],
      epoch: { steps: 0, lossSum: 0, seconds: 0 },
    };
    const sink = options.checkpoints;
    if (options.resumeFrom !== undefined && sink)
      s = restoreRetrainCheckpoint(
        await sink.load(options.resumeFrom),
        trajectory,
        model,
        optimizer,
        train.count,
      );
    const stepsPerEpoch = s.cursor.batchesPerEpoch;
    const totalSteps = stepsPerEpoch * config.epochs;
    const interval = sink ? config.checkpointInterval : undefined;
    const checkpoint = async (): Promise<void> => {
      const uri = await (sink as NonNullable<typeof sink>).save(
        s.step,
        encodeRetrainCheckpoint(trajectory, backend, model, optimizer, s),
      );
      await options.onCheckpoint?.({ step: s.step, uri });
    };
    const schedule = (step: number) =>
      learningRateAt(
        config.schedule ?? 'cosine',
        config.learningRate,
        step,
        totalSteps,
        config.warmupSteps ?? 0,
      );
    let cancelled = false;
    while (s.step < totalSteps) {
      if (options.signal?.aborted) {
        cancelled = true;
        break;
      }
      const started = performance.now();
      optimizer.learningRate = schedule(s.step);
      const batch = makeBatch(train, s.cursor.next().indices);
      const { taskLoss } = trainStep(model, optimizer, batch, {
        step: s.step,
        seed: s.rng.nextUint32(),
      });
      batch.dispose();
      if (!Number.isFinite(taskLoss))
        throw new TrainingError(
          'DIVERGED',
          `loss became ${taskLoss} at step ${s.step + 1}; lower the learning rate`,
        );
      s.step += 1;
      s.epoch = {
        steps: s.epoch.steps + 1,
        lossSum: s.epoch.lossSum + taskLoss,
        seconds: s.epoch.seconds + (performance.now() - started) / 1000,
      };
      options.onStep?.(s.step);
      // Let the event loop run (heartbeats, cancellation) between synchronous steps.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (s.step % stepsPerEpoch === 0)
        await finishEpoch(model, s, { train, validation }, optimizer.learningRate, config, options);
      if (interval !== undefined && (s.step % interval === 0 || s.step === totalSteps))
        await checkpoint();
    }
    if (cancelled && s.epoch.steps > 0)
      await finishEpoch(model, s, { train, validation }, optimizer.learningRate, config, options);
    const accuracy =
      test === validation
        ? (s.epochs.at(-1)?.validationAccuracy ?? evaluateAccuracy(model, validation))
        : evaluateAccuracy(model, test);
    return {
      status: cancelled ? 'cancelled' : 'succeeded',
      network,
      epochs: s.epochs,
      steps: s.step,
      accuracy,
      cost: fullWidthCost(network, resourceFunction(config)),
      flops: fullWidthCost(network, flopFunction(1)),
      modelSize: fullWidthCost(network, modelSizeFunction),
      parameters: countParameters(network),
      backend,
    };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}
