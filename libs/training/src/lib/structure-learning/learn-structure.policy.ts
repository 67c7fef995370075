import { StructureExporter, type NetworkRegularizer } from '@morphsweep/morphnet';
import type { Batch } from '../data/batch';
import { evaluateAccuracy } from '../loop/evaluate.accuracy';
import { trainStep, type StepLosses } from '../loop/train.step';
import {
  checkpointFormat,
  type CheckpointIdentity,
  type TrainingCheckpointMeta,
} from '../loop/training.checkpoint';
import type { LoopStop, TrainingPolicy } from '../loop/training.policy';
import type { TrainingSession } from '../loop/training.session';
import type { Trajectory } from '../loop/training.trajectory';
import { DEFAULT_CONVERGENCE, hasConverged, type ConvergencePoint } from './convergence.rule';
import type {
  LearnMetricPoint,
  LearnStructureConfig,
  LearnStructureHooks,
  ThresholdStructure,
} from './learn-structure.types';
import { isCollapsed } from './structure.collapse';

/** `meta.format` of a structure-learning checkpoint (v1 recorded the trajectory's digest only). */
export const LEARN_CHECKPOINT_FORMAT = checkpointFormat('learn', 2);
const LEARN_CHECKPOINT_V1 = checkpointFormat('learn', 1);

/** Loss sums since the last evaluation (the next metric point averages them). */
interface LossWindow {
  readonly steps: number;
  readonly taskLoss: number;
  readonly regLoss: number;
}

/** Structure learning's fields of a checkpoint. */
export interface LearnProgress {
  /** (cost, reg loss) of every evaluation so far, for the convergence rule. */
  readonly evaluations: readonly ConvergencePoint[];
  readonly window: LossWindow;
  readonly lastAccuracy?: number;
}

/** A structure-learning checkpoint's metadata (tensors: see `modelStateTensors`). */
export type LearnCheckpointMeta = TrainingCheckpointMeta<LearnProgress>;

/**
 * The settings that decide a structure-learning trajectory (not the step budget or the
 * intervals). Its digest is what v1 checkpoints recorded as `configHash`.
 */
export function learnTrajectory(config: LearnStructureConfig): Trajectory {
  const { network, dataset, target, strength, threshold, seed } = config;
  const { batchSize, optimizer, learningRate } = config.budget;
  return {
    network,
    dataset,
    target,
    strength,
    threshold,
    seed,
    batchSize,
    optimizer,
    learningRate,
  };
}

/**
 * Structure learning on the training loop: each step adds `strength` × the MorphNet
 * regularizer's term to the cross-entropy at the budget's fixed learning rate; every
 * `evalInterval` steps (and at the last) it evaluates — validation accuracy with batch
 * statistics, cost and alive counts of the structure — and reports a {@link LearnMetricPoint};
 * it stops early when the structure collapses or cost and reg loss converge.
 */
export class StructureLearningPolicy implements TrainingPolicy<
  LearnProgress,
  'converged' | 'collapsed'
> {
  readonly checkpoint: CheckpointIdentity;
  readonly totalSteps: number;
  readonly checkpointInterval: number;
  readonly divergenceHint = 'the learning rate or strength';
  /** Set by every evaluation: whether the structure no longer connects input and output. */
  collapsed = false;
  lastAccuracy: number | undefined;
  lastRegLoss = 0;
  private evaluations: ConvergencePoint[] = [];
  private window: LossWindow = { steps: 0, taskLoss: 0, regLoss: 0 };
  private evaluatedAt = -1;
  private trainMs = 0;
  private trainExamples = 0;
  private readonly exporter: StructureExporter;
  private readonly readers: Array<{
    threshold: number;
    regularizer: NetworkRegularizer;
    exporter: StructureExporter;
  }>;

  constructor(
    private readonly config: LearnStructureConfig,
    private readonly session: TrainingSession,
    readonly regularizer: NetworkRegularizer,
    private readonly hooks: LearnStructureHooks,
    /** Regularizers at the other candidate thresholds, read on every evaluation. */
    readers: ReadonlyArray<{ threshold: number; regularizer: NetworkRegularizer }> = [],
  ) {
    this.checkpoint = {
      format: LEARN_CHECKPOINT_FORMAT,
      reads: [LEARN_CHECKPOINT_FORMAT, LEARN_CHECKPOINT_V1],
      runKind: 'structure-learning run',
      trajectory: learnTrajectory(config),
    };
    this.totalSteps = config.budget.steps;
    this.checkpointInterval = config.budget.checkpointInterval;
    this.exporter = new StructureExporter(regularizer.manager);
    this.readers = readers.map((r) => ({
      ...r,
      exporter: new StructureExporter(r.regularizer.manager),
    }));
  }

  step(batch: Batch, step: number, seed: number): StepLosses {
    const { regularizer } = this;
    const { strength } = this.config;
    return trainStep(this.session.model, this.session.optimizer, batch, {
      step,
      seed,
      regularizer,
      strength,
    });
  }

  async afterStep(step: number, losses: StepLosses, ms: number) {
    const w = this.window;
    this.window = {
      steps: w.steps + 1,
      taskLoss: w.taskLoss + losses.taskLoss,
      regLoss: w.regLoss + losses.regLoss,
    };
    this.trainMs += ms;
    this.trainExamples += this.config.budget.batchSize;
    if (step % this.config.budget.evalInterval === 0 || step >= this.totalSteps)
      await this.evaluate(step);
    if (this.collapsed) return 'collapsed';
    const evaluated = this.evaluatedAt === step;
    return evaluated && hasConverged(this.evaluations, DEFAULT_CONVERGENCE)
      ? 'converged'
      : undefined;
  }

  async afterLoop(stop: LoopStop<'converged' | 'collapsed'>, step: number) {
    if (stop === 'cancelled' || this.evaluatedAt === step) return stop;
    // Resumed at or past the budget: measure the restored state once.
    await this.evaluate(step);
    return this.collapsed ? 'collapsed' : stop;
  }

  progress(): LearnProgress {
    const { lastAccuracy } = this;
    return {
      evaluations: this.evaluations,
      window: { ...this.window },
      ...(lastAccuracy !== undefined ? { lastAccuracy } : {}),
    };
  }

  restore(meta: LearnCheckpointMeta): void {
    this.evaluations = [...meta.evaluations];
    this.window = { ...meta.window };
    this.lastAccuracy = meta.lastAccuracy;
  }

  /** Alive counts of the current structure (MorphNet's exported-structure format). */
  aliveCounts(): Record<string, number> {
    this.exporter.evaluate();
    return this.exporter.getAliveCounts();
  }

  /** The structure at each candidate threshold, as it is now. */
  private atThresholds(): ThresholdStructure[] {
    const graph = this.session.model.graph('training');
    return this.readers.map(({ threshold, regularizer, exporter }) => {
      exporter.evaluate();
      return {
        threshold,
        aliveCounts: exporter.getAliveCounts(),
        cost: regularizer.getCost(),
        collapsed: isCollapsed(graph, regularizer),
      };
    });
  }

  /** The reg loss of the last evaluation (or of the last window when none was recorded). */
  finalRegLoss(): number {
    return this.evaluations.at(-1)?.regLoss ?? this.lastRegLoss;
  }

  private async evaluate(step: number): Promise<void> {
    const { model, validation } = this.session;
    const accuracy = evaluateAccuracy(model, validation, { batchStatistics: true });
    const cost = this.regularizer.getCost();
    const w = this.window;
    const point: LearnMetricPoint = {
      step,
      taskLoss: w.steps > 0 ? w.taskLoss / w.steps : Number.NaN,
      regLoss: w.steps > 0 ? w.regLoss / w.steps : this.lastRegLoss,
      cost,
      accuracy,
      aliveCounts: this.aliveCounts(),
      ...(this.readers.length > 0 ? { atThresholds: this.atThresholds() } : {}),
      ...(this.trainMs > 0
        ? { examplesPerSecond: (this.trainExamples * 1000) / this.trainMs }
        : {}),
    };
    this.lastRegLoss = point.regLoss;
    this.lastAccuracy = accuracy;
    this.evaluations.push({ cost, regLoss: point.regLoss });
    this.window = { steps: 0, taskLoss: 0, regLoss: 0 };
    this.trainMs = 0;
    this.trainExamples = 0;
    this.evaluatedAt = step;
    this.collapsed = isCollapsed(model.graph('training'), this.regularizer);
    await this.hooks.onMetrics?.([point]);
  }
}
