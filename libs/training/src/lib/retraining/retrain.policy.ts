import type { NetworkDescription } from '@morphsweep/morphnet';
import { augmentImages, defaultAugmentation } from '../data/augment';
import type { Batch } from '../data/batch';
import { evaluateAccuracy } from '../loop/evaluate.accuracy';
import { trainStep, type StepLosses } from '../loop/train.step';
import type { CheckpointIdentity } from '../loop/training.checkpoint';
import type { LoopStop, TrainingPolicy } from '../loop/training.policy';
import type { TrainingSession } from '../loop/training.session';
import { TrainingError } from '../training.error';
import { learningRateAt, type StepDecay } from './learning-rate.schedule';
import { recalibrateBatchNorm } from './recalibrate-batch-norm';
import {
  RETRAIN_CHECKPOINT_FORMAT,
  retrainRecipe,
  retrainTrajectory,
  type RetrainCheckpointMeta,
  type RetrainProgress,
  type RetrainRecipe,
} from './retrain.checkpoint';
import type { RetrainConfig, RetrainEpoch } from './retrain.types';

/**
 * Retraining on the training loop: plain cross-entropy (no MorphNet term) under a
 * learning-rate schedule over `epochs` whole passes (the `step` schedule's milestones are
 * epochs), each batch augmented as the recipe says (seeded by the step's seed, so a resumed
 * run sees the same images); at the end of every epoch (and of a
 * cancelled, partly trained one) it recalibrates the batch-norm statistics on training
 * batches, evaluates on the validation split and records a {@link RetrainEpoch}. It never
 * stops early.
 */
export class RetrainingPolicy implements TrainingPolicy<RetrainProgress> {
  readonly checkpoint: CheckpointIdentity;
  readonly totalSteps: number;
  readonly checkpointInterval: number | undefined;
  readonly divergenceHint = 'the learning rate';
  /** The epochs recorded so far. */
  epochs: RetrainEpoch[] = [];
  private epoch = { steps: 0, lossSum: 0, seconds: 0 };
  private readonly recipe: RetrainRecipe;
  private readonly decay: StepDecay | undefined;

  constructor(
    network: NetworkDescription,
    private readonly config: RetrainConfig,
    private readonly session: TrainingSession,
    private readonly onEpoch?: (epoch: RetrainEpoch) => Promise<void> | void,
  ) {
    this.recipe = retrainRecipe(config, defaultAugmentation(session.train));
    const perEpoch = session.stepsPerEpoch;
    this.decay =
      this.recipe.milestones.length > 0
        ? {
            milestones: this.recipe.milestones.map((epoch) => epoch * perEpoch),
            factor: this.recipe.decayFactor,
          }
        : undefined;
    this.checkpoint = {
      format: RETRAIN_CHECKPOINT_FORMAT,
      reads: [RETRAIN_CHECKPOINT_FORMAT],
      runKind: 'retraining',
      trajectory: retrainTrajectory(network, config, this.recipe),
    };
    this.totalSteps = session.stepsPerEpoch * config.epochs;
    this.checkpointInterval = config.checkpointInterval;
  }

  step(batch: Batch, step: number, seed: number): StepLosses {
    const { model, optimizer } = this.session;
    const { schedule, learningRate, warmupSteps } = this.config;
    optimizer.learningRate = learningRateAt(
      schedule ?? 'cosine',
      learningRate,
      step,
      this.totalSteps,
      warmupSteps ?? 0,
      this.decay,
    );
    const { augmentation } = this.recipe;
    if (augmentation === 'none') return trainStep(model, optimizer, batch, { step, seed });
    const xs = augmentImages(batch.xs, augmentation, seed);
    try {
      return trainStep(model, optimizer, { ...batch, xs }, { step, seed });
    } finally {
      xs.dispose();
    }
  }

  async afterStep(step: number, losses: StepLosses, ms: number): Promise<undefined> {
    const e = this.epoch;
    this.epoch = {
      steps: e.steps + 1,
      lossSum: e.lossSum + losses.taskLoss,
      seconds: e.seconds + ms / 1000,
    };
    if (step % this.session.stepsPerEpoch === 0) await this.finishEpoch(step);
    return undefined;
  }

  async afterLoop(stop: LoopStop<never>, step: number): Promise<LoopStop<never>> {
    if (stop === 'cancelled' && this.epoch.steps > 0) await this.finishEpoch(step);
    return stop;
  }

  progress(): RetrainProgress {
    return { epochs: this.epochs, epoch: { ...this.epoch } };
  }

  restore(meta: RetrainCheckpointMeta): void {
    // The loop's check compares this run's fields; a default-recipe run leaves `recipe` out.
    if (meta.trajectory.recipe !== undefined && !('recipe' in this.checkpoint.trajectory))
      throw new TrainingError(
        'CHECKPOINT_MISMATCH',
        'checkpoint was written by a retraining with another recipe',
      );
    this.epochs = [...meta.epochs];
    this.epoch = { ...meta.epoch };
  }

  /** Ends an epoch at `step`: recalibrates batch norm, evaluates, records and reports it. */
  private async finishEpoch(step: number): Promise<void> {
    const { model, optimizer, train, validation } = this.session;
    const epoch = this.epochs.length + 1;
    // Evaluate (and keep) moving statistics that belong to these weights.
    recalibrateBatchNorm(model, train, {
      batchSize: this.config.batchSize,
      seed: this.config.seed + epoch,
    });
    const record: RetrainEpoch = {
      epoch,
      steps: step,
      loss: this.epoch.lossSum / this.epoch.steps,
      learningRate: optimizer.learningRate,
      validationAccuracy: evaluateAccuracy(model, validation),
      examplesPerSecond: (this.epoch.steps * this.config.batchSize) / this.epoch.seconds,
    };
    this.epochs.push(record);
    this.epoch = { steps: 0, lossSum: 0, seconds: 0 };
    await this.onEpoch?.(record);
  }
}
