import {
  applyStructure,
  countParameters,
  fullWidthCost,
  resourceFunctionOf,
  scaleWidths,
  type NetworkDescription,
  type ResourceFunction,
} from '@morphsweep/morphnet';
import { REGISTERED_DATASET_KIND } from '@morphsweep/contracts';
import { loadFashionMnist } from '../data/fashion-mnist';
import { loadRegisteredDataset } from '../data/registered-dataset';
import { resolvedOf } from '../loop/dataset.config';
import type { ImageDataset } from '../data/image-dataset';
import { evaluateAccuracy } from '../loop/evaluate.accuracy';
import { runTrainingLoop } from '../loop/training.loop';
import { withTrainingSession } from '../loop/training.session';
import { TrainingError } from '../training.error';
import { RetrainingPolicy } from './retrain.policy';
import type { RetrainConfig, RetrainOptions, RetrainResult, RetrainTarget } from './retrain.types';

/** The network a {@link RetrainTarget} stands for. */
export function retrainNetwork(target: RetrainTarget): NetworkDescription {
  if ('structure' in target) return applyStructure(target.network, target.structure);
  if ('widthMultiplier' in target) return scaleWidths(target.network, target.widthMultiplier);
  return target;
}

function resourceFunction(config: RetrainConfig): ResourceFunction {
  const r = config.costResource ?? { resource: 'flops' };
  return resourceFunctionOf(r.resource, { hardware: r.hardware });
}

function validate(config: RetrainConfig): void {
  const bad = (why: string) => new TrainingError('INVALID_ARGUMENT', `retrain: ${why}`);
  if (!Number.isInteger(config.epochs) || config.epochs < 1)
    throw bad(`epochs must be a positive integer, got ${config.epochs}`);
  if (!Number.isInteger(config.batchSize) || config.batchSize < 1)
    throw bad(`batchSize must be a positive integer, got ${config.batchSize}`);
  const interval = config.checkpointInterval;
  if (interval !== undefined && (!Number.isInteger(interval) || interval < 1))
    throw bad(`checkpointInterval must be a positive integer, got ${interval}`);
  validateRecipe(config, bad);
}

// The recipe's own checks (the optimizer checks momentum, Nesterov and weight decay again).
function validateRecipe(config: RetrainConfig, bad: (why: string) => TrainingError): void {
  const { milestones, decayFactor, weightDecay, nesterov } = config;
  if ((milestones !== undefined || decayFactor !== undefined) && config.schedule !== 'step')
    throw bad('milestones and decayFactor need the step schedule');
  milestones?.forEach((m, i) => {
    if (!Number.isInteger(m) || m < 1 || m >= config.epochs)
      throw bad(`milestone ${m} must be an epoch in [1, ${config.epochs})`);
    if (i > 0 && m <= (milestones[i - 1] as number))
      throw bad(`milestones must be strictly increasing, got ${milestones.join(', ')}`);
  });
  if (decayFactor !== undefined && !(decayFactor > 0 && decayFactor < 1))
    throw bad(`decayFactor must be in (0, 1), got ${decayFactor}`);
  if (weightDecay !== undefined && !(weightDecay >= 0 && Number.isFinite(weightDecay)))
    throw bad(`weightDecay must be ≥ 0, got ${weightDecay}`);
  if (nesterov && (config.optimizer ?? 'adam') !== 'momentum')
    throw bad('nesterov needs the momentum optimizer');
}

async function evaluationSet(
  config: RetrainConfig,
  validation: ImageDataset,
): Promise<ImageDataset> {
  if (config.evaluateOn !== 'test') return validation;
  const { dataset } = config;
  if (dataset.kind === REGISTERED_DATASET_KIND) {
    const resolved = resolvedOf(dataset);
    if (resolved.testCount === 0)
      throw new TrainingError(
        'INVALID_ARGUMENT',
        `evaluateOn "test": ${resolved.name} has no test split`,
      );
    return loadRegisteredDataset(resolved, 'test');
  }
  if (dataset.kind !== 'fashion-mnist')
    throw new TrainingError(
      'INVALID_ARGUMENT',
      `evaluateOn "test" needs a dataset with a test split, not ${dataset.kind}`,
    );
  return loadFashionMnist({ split: 'test', directory: dataset.directory });
}

/**
 * Retrains a network from scratch — the {@link RetrainingPolicy} on the training loop
 * (`runTrainingLoop`), without any MorphNet regularizer: the learned-structure
 * network (`applyStructure`), a width-multiplier baseline (`scaleWidths`) or a description
 * as given. Trains `epochs` epochs (⌊train size / batch⌋ steps each, seeded batches) with the
 * optimizer (default Adam; momentum optionally Nesterov; optional L2 weight decay of the
 * kernels), a learning-rate schedule (default cosine decay from `learningRate` to 0; step
 * decay at epoch `milestones`; optional warm-up) and the recipe's augmentation, evaluates after every epoch on the validation split, and returns the
 * final accuracy (`evaluateOn`), the network's full-width cost and its parameter count.
 * Before each evaluation the batch-norm statistics are recalibrated on training batches
 * (`recalibrateBatchNorm`), so accuracy is measured in true inference mode.
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
  validate(config);
  const network = retrainNetwork(target);
  const { dataset, batchSize, learningRate, seed } = config;
  const optimizer = config.optimizer ?? 'adam';
  const { momentum, nesterov, weightDecay } = config;
  const optimizerOptions = { momentum, nesterov, weightDecay };
  const setup = { network, dataset, batchSize, optimizer, learningRate, seed, optimizerOptions };
  return withTrainingSession(setup, async (session) => {
    const test = await evaluationSet(config, session.validation);
    const policy = new RetrainingPolicy(network, config, session, options.onEpoch);
    const outcome = await runTrainingLoop(session, policy, options);
    const lastEpoch = policy.epochs.at(-1);
    const accuracy =
      test === session.validation
        ? (lastEpoch?.validationAccuracy ?? evaluateAccuracy(session.model, test))
        : evaluateAccuracy(session.model, test);
    return {
      status: outcome.stopReason === 'cancelled' ? 'cancelled' : 'succeeded',
      network,
      epochs: policy.epochs,
      steps: outcome.steps,
      accuracy,
      cost: fullWidthCost(network, resourceFunction(config)),
      flops: fullWidthCost(network, resourceFunctionOf('flops')),
      modelSize: fullWidthCost(network, resourceFunctionOf('model-size')),
      parameters: countParameters(network),
      backend: session.backend,
    };
  });
}
