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
  type NetworkDescription,
  type ResourceFunction,
} from '@morphsweep/morphnet';
import { makeBatch } from '../data/batch';
import { BatchCursor } from '../data/batch-cursor';
import { loadFashionMnist } from '../data/fashion-mnist';
import { Rng } from '../data/rng';
import { TrainingError } from '../training.error';
import { activeBackendName } from '../structure-learning/backend.name';
import { loadDatasetSplits } from '../structure-learning/dataset.config';
import { evaluateAccuracy } from '../structure-learning/evaluate.accuracy';
import { SlotOptimizer } from '../structure-learning/optimizer.state';
import { trainStep } from '../structure-learning/train.step';
import { learningRateAt } from './learning-rate.schedule';
import { recalibrateBatchNorm } from './recalibrate-batch-norm';
import type { RetrainConfig, RetrainEpoch, RetrainOptions, RetrainResult, RetrainTarget } from './retrain.types';

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

/**
 * Retrains a network from scratch, without any MorphNet regularizer: the learned-structure
 * network (`applyStructure`), a width-multiplier baseline (`scaleWidths`) or a description
 * as given. Trains `epochs` epochs (⌊train size / batch⌋ steps each, seeded batches) with the
 * optimizer (default Adam) and a learning-rate schedule (default cosine decay from
 * `learningRate` to 0), evaluates after every epoch on the validation split, and returns the
 * final accuracy (`evaluateOn`), the network's full-width cost and its parameter count.
 * Before each evaluation the batch-norm statistics are recalibrated on training batches
 * ({@link recalibrateBatchNorm}), so accuracy is measured in true inference mode.
 * Stops after the current step when `options.signal` fires (status `cancelled`).
 */
export async function retrain(target: RetrainTarget, config: RetrainConfig, options: RetrainOptions = {}): Promise<RetrainResult> {
  if (!Number.isInteger(config.epochs) || config.epochs < 1) throw new TrainingError('INVALID_ARGUMENT', `epochs must be a positive integer, got ${config.epochs}`);
  if (!Number.isInteger(config.batchSize) || config.batchSize < 1) throw new TrainingError('INVALID_ARGUMENT', `batchSize must be a positive integer, got ${config.batchSize}`);
  const network = retrainNetwork(target);
  const backend = await activeBackendName();
  const { train, validation } = await loadDatasetSplits(config.dataset, config.seed);
  const test =
    config.evaluateOn === 'test'
      ? config.dataset.kind === 'fashion-mnist'
        ? await loadFashionMnist({ split: 'test', directory: config.dataset.directory })
        : (() => {
            throw new TrainingError('INVALID_ARGUMENT', 'evaluateOn "test" needs the fashion-mnist dataset');
          })()
      : validation;
  const model = buildModel(network, { seed: config.seed });
  const optimizer = new SlotOptimizer(config.optimizer ?? 'adam', model.trainableVariables(), config.learningRate);
  try {
    const cursor = BatchCursor.create({ datasetSize: train.count, batchSize: config.batchSize, seed: config.seed });
    const rng = Rng.fromSeed(config.seed);
    const stepsPerEpoch = cursor.batchesPerEpoch;
    const totalSteps = stepsPerEpoch * config.epochs;
    const epochs: RetrainEpoch[] = [];
    let step = 0;
    let cancelled = false;
    for (let epoch = 1; epoch <= config.epochs && !cancelled; epoch++) {
      let lossSum = 0;
      let trained = 0;
      const started = performance.now();
      for (let i = 0; i < stepsPerEpoch; i++) {
        if (options.signal?.aborted) {
          cancelled = true;
          break;
        }
        optimizer.learningRate = learningRateAt(config.schedule ?? 'cosine', config.learningRate, step, totalSteps, config.warmupSteps ?? 0);
        const batch = makeBatch(train, cursor.next().indices);
        const { taskLoss } = trainStep(model, optimizer, batch, { step, seed: rng.nextUint32() });
        batch.dispose();
        if (!Number.isFinite(taskLoss)) throw new TrainingError('DIVERGED', `loss became ${taskLoss} at step ${step + 1}; lower the learning rate`);
        lossSum += taskLoss;
        trained++;
        step++;
      }
      if (trained === 0) break;
      const seconds = (performance.now() - started) / 1000;
      // Evaluate (and keep) moving statistics that belong to these weights.
      recalibrateBatchNorm(model, train, { batchSize: config.batchSize, seed: config.seed + epoch });
      const record: RetrainEpoch = {
        epoch,
        steps: step,
        loss: lossSum / trained,
        learningRate: optimizer.learningRate,
        validationAccuracy: evaluateAccuracy(model, validation),
        examplesPerSecond: (trained * config.batchSize) / seconds,
      };
      epochs.push(record);
      await options.onEpoch?.(record);
    }
    const accuracy = test === validation ? (epochs.at(-1)?.validationAccuracy ?? evaluateAccuracy(model, validation)) : evaluateAccuracy(model, test);
    return {
      status: cancelled ? 'cancelled' : 'succeeded',
      network,
      epochs,
      steps: step,
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
