import {
  StructureExporter,
  buildModel,
  createNetworkRegularizer,
  type MorphModel,
  type NetworkRegularizer,
  type ResourceName,
} from '@morphsweep/morphnet';
import { makeBatch } from '../data/batch';
import { BatchCursor, type DataCursorState } from '../data/batch-cursor';
import type { ImageDataset } from '../data/image-dataset';
import { Rng, type RngState } from '../data/rng';
import { TrainingError } from '../training.error';
import { activeBackendName } from './backend.name';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint.codec';
import { DEFAULT_CONVERGENCE, hasConverged, type ConvergencePoint } from './convergence.rule';
import { loadDatasetSplits } from './dataset.config';
import { evaluateAccuracy } from './evaluate.accuracy';
import { modelStateTensors, restoreModelState } from './model-state.checkpoint';
import type {
  LearnMetricPoint,
  LearnStructureConfig,
  LearnStructureHooks,
  LearnStructureOptions,
  LearnStructureResult,
} from './learn-structure.types';
import { SlotOptimizer, type OptimizerKind } from './optimizer.state';
import { isCollapsed } from './structure.collapse';
import { canonicalJson, structureHash } from './structure.hash';
import { trainStep } from './train.step';
import { createHash } from 'node:crypto';

/** `meta.format` of a structure-learning checkpoint. */
export const LEARN_CHECKPOINT_FORMAT = 'morphsweep-learn-checkpoint/v1';

/**
 * What a structure-learning checkpoint holds besides the tensors (`model/<layer>/<param>` for
 * every model variable, batch-norm moving statistics included, and `optimizer/<i>/<slot>`).
 */
export interface LearnCheckpointMeta {
  readonly format: typeof LEARN_CHECKPOINT_FORMAT;
  /** sha256 of the config fields that decide the trajectory (not the step budget or intervals). */
  readonly configHash: string;
  readonly backend: string;
  /** Steps trained. */
  readonly step: number;
  readonly optimizer: { readonly kind: OptimizerKind; readonly iterations: number };
  readonly cursor: DataCursorState;
  /** The RNG that seeds each step's gate noise. */
  readonly rng: RngState;
  /** (cost, reg loss) of every evaluation so far, for the convergence rule. */
  readonly evaluations: readonly ConvergencePoint[];
  /** Loss sums since the last evaluation (the next metric point averages them). */
  readonly window: { readonly steps: number; readonly taskLoss: number; readonly regLoss: number };
  readonly lastAccuracy?: number;
}

const DEFAULT_THRESHOLD = { gamma: 0.01, 'group-lasso': 0.01, 'logistic-sigmoid': 0.1 } as const;

/** Hash of what makes two runs follow the same trajectory. */
export function trajectoryHash(config: LearnStructureConfig): string {
  const { network, dataset, target, strength, threshold, seed } = config;
  const { batchSize, optimizer, learningRate } = config.budget;
  const key = {
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
  return createHash('sha256').update(canonicalJson(key)).digest('hex');
}

function validate(config: LearnStructureConfig): void {
  const b = config.budget;
  const bad = (why: string) => new TrainingError('INVALID_ARGUMENT', `learnStructure: ${why}`);
  for (const [name, v] of [
    ['steps', b.steps],
    ['batchSize', b.batchSize],
    ['evalInterval', b.evalInterval],
    ['checkpointInterval', b.checkpointInterval],
  ] as const) {
    if (!Number.isInteger(v) || v < (name === 'steps' ? 0 : 1))
      throw bad(`budget.${name} must be a positive integer, got ${v}`);
  }
  if (!(b.learningRate > 0)) throw bad(`budget.learningRate must be > 0, got ${b.learningRate}`);
  if (!(config.strength >= 0) || !Number.isFinite(config.strength))
    throw bad(`strength must be ≥ 0, got ${config.strength}`);
  if (!Number.isFinite(config.threshold))
    throw bad(`threshold must be a number, got ${config.threshold}`);
  if (!Number.isInteger(config.seed)) throw bad(`seed must be an integer, got ${config.seed}`);
}

function regularizerFor(
  model: MorphModel,
  config: LearnStructureConfig,
  resource: ResourceName,
): NetworkRegularizer {
  return createNetworkRegularizer({
    graph: model.graph('training'),
    tensors: model,
    family: config.target.family,
    resource,
    threshold: config.threshold ?? DEFAULT_THRESHOLD[config.target.family],
    hardware: config.target.hardware,
  });
}

/** State of a run that a checkpoint captures. */
interface RunState {
  step: number;
  cursor: BatchCursor;
  rng: Rng;
  evaluations: ConvergencePoint[];
  window: { steps: number; taskLoss: number; regLoss: number };
  lastAccuracy?: number;
}

function checkpointBytes(
  config: LearnStructureConfig,
  backend: string,
  model: MorphModel,
  optimizer: SlotOptimizer,
  s: RunState,
): Uint8Array {
  const tensors = modelStateTensors(model, optimizer);
  const meta: LearnCheckpointMeta = {
    format: LEARN_CHECKPOINT_FORMAT,
    configHash: trajectoryHash(config),
    backend,
    step: s.step,
    optimizer: { kind: optimizer.kind, iterations: optimizer.iterations },
    cursor: s.cursor.state(),
    rng: s.rng.state(),
    evaluations: s.evaluations,
    window: { ...s.window },
    ...(s.lastAccuracy !== undefined ? { lastAccuracy: s.lastAccuracy } : {}),
  };
  return encodeCheckpoint({ meta, tensors });
}

function restoreCheckpoint(
  bytes: Uint8Array,
  config: LearnStructureConfig,
  model: MorphModel,
  optimizer: SlotOptimizer,
  train: ImageDataset,
): RunState {
  const { meta, tensors } = decodeCheckpoint<LearnCheckpointMeta>(bytes);
  if (meta?.format !== LEARN_CHECKPOINT_FORMAT)
    throw new TrainingError(
      'CHECKPOINT_INVALID',
      `checkpoint format is ${String(meta?.format)}, expected ${LEARN_CHECKPOINT_FORMAT}`,
    );
  if (meta.configHash !== trajectoryHash(config)) {
    throw new TrainingError(
      'CHECKPOINT_MISMATCH',
      'checkpoint was written by a run with another network, data, target, strength, threshold, seed or optimizer',
    );
  }
  restoreModelState(tensors, model, optimizer, meta.optimizer.iterations);
  return {
    step: meta.step,
    cursor: BatchCursor.restore(meta.cursor, { datasetSize: train.count }),
    rng: Rng.fromState(meta.rng),
    evaluations: [...meta.evaluations],
    window: { ...meta.window },
    ...(meta.lastAccuracy !== undefined ? { lastAccuracy: meta.lastAccuracy } : {}),
  };
}

/**
 * Learns a structure with MorphNet: builds `config.network` (seeded by `config.seed`), trains
 * it on the configured data with loss = cross-entropy + `strength` × the network
 * regularizer's term (family and resource from `config.target`, alive `threshold`) at the
 * fixed learning rate of `config.budget`, on the active tfjs backend (one is selected with
 * `selectBackend()` if none is active).
 *
 * Every `evalInterval` steps (and when it stops) it measures the validation accuracy (batch
 * norm with the statistics of each 256-image evaluation batch: at a fixed, high structure-
 * learning rate the weights move faster than moving averages follow, and moving statistics
 * gave chance-level accuracy on Fashion-MNIST after 300 steps where batch statistics gave 77 %) and
 * reports a {@link LearnMetricPoint} through `hooks.onMetrics` — mean task and reg loss since
 * the last point, cost of the alive structure in the target resource, alive counts
 * (MorphNet's exported-structure format), examples/s of the training steps. Every
 * `checkpointInterval` steps, and when it stops (unless cancelled), it writes a checkpoint
 * (see {@link LearnCheckpointMeta}, encoded by `encodeCheckpoint`) through
 * `options.checkpoints` and reports it through `hooks.onCheckpoint`. `hooks.onStep` gets every
 * step.
 *
 * It stops at `budget.steps` (`budget`); when the structure no longer connects input and
 * output ({@link isCollapsed}: status and reason `collapsed`); when cost and reg loss have
 * converged ({@link hasConverged}: every relative change over the last 5 evaluations
 * < 1e-3, reason `converged`); or within one step of `options.signal` firing (`cancelled`).
 *
 * With `options.resumeFrom` it restores weights, optimizer slots, step, data cursor and RNG
 * from that checkpoint and continues exactly as the uninterrupted run would have (same
 * backend). Throws `TrainingError`: `INVALID_ARGUMENT` for a bad config, `CHECKPOINT_INVALID`
 * / `CHECKPOINT_MISMATCH` for an unusable checkpoint, `DIVERGED` for a non-finite loss,
 * dataset errors from the loaders; `MorphnetError` for a network MorphNet cannot analyse.
 */
export async function learnStructure(
  config: LearnStructureConfig,
  hooks: LearnStructureHooks,
  options: LearnStructureOptions,
): Promise<LearnStructureResult> {
  validate(config);
  const backend = await activeBackendName();
  const { train, validation } = await loadDatasetSplits(config.dataset, config.seed);
  const { budget, strength } = config;
  const model = buildModel(config.network, { seed: config.seed });
  const optimizer = new SlotOptimizer(
    budget.optimizer,
    model.trainableVariables(),
    budget.learningRate,
  );
  try {
    model.resampleGates({ seed: config.seed, step: 0 });
    const regularizer = regularizerFor(model, config, config.target.resource);
    const exporter = new StructureExporter(regularizer.manager);
    const aliveCounts = (): Record<string, number> => {
      exporter.evaluate();
      return exporter.getAliveCounts();
    };
    let s: RunState = {
      step: 0,
      cursor: BatchCursor.create({
        datasetSize: train.count,
        batchSize: budget.batchSize,
        seed: config.seed,
      }),
      rng: Rng.fromSeed(config.seed),
      evaluations: [],
      window: { steps: 0, taskLoss: 0, regLoss: 0 },
    };
    if (options.resumeFrom)
      s = restoreCheckpoint(
        await options.checkpoints.load(options.resumeFrom),
        config,
        model,
        optimizer,
        train,
      );

    let savedStep = options.resumeFrom ? s.step : -1;
    const checkpoint = async (): Promise<void> => {
      const uri = await options.checkpoints.save(
        s.step,
        checkpointBytes(config, backend, model, optimizer, s),
      );
      savedStep = s.step;
      await hooks.onCheckpoint?.({ step: s.step, uri });
    };
    let trainMs = 0;
    let trainExamples = 0;
    let lastRegLoss = 0;
    let evaluatedAt = -1;
    let collapsed = false;
    const evaluate = async (): Promise<void> => {
      const accuracy = evaluateAccuracy(model, validation, { batchStatistics: true });
      const cost = regularizer.getCost();
      const w = s.window;
      const point: LearnMetricPoint = {
        step: s.step,
        taskLoss: w.steps > 0 ? w.taskLoss / w.steps : Number.NaN,
        regLoss: w.steps > 0 ? w.regLoss / w.steps : lastRegLoss,
        cost,
        accuracy,
        aliveCounts: aliveCounts(),
        ...(trainMs > 0 ? { examplesPerSecond: (trainExamples * 1000) / trainMs } : {}),
      };
      lastRegLoss = point.regLoss;
      s.lastAccuracy = accuracy;
      s.evaluations.push({ cost, regLoss: point.regLoss });
      s.window = { steps: 0, taskLoss: 0, regLoss: 0 };
      trainMs = 0;
      trainExamples = 0;
      evaluatedAt = s.step;
      collapsed = isCollapsed(model.graph('training'), regularizer);
      await hooks.onMetrics?.([point]);
    };

    let stopReason: LearnStructureResult['stopReason'];
    for (;;) {
      if (options.signal?.aborted) {
        stopReason = 'cancelled';
        break;
      }
      if (s.step >= budget.steps) {
        stopReason = 'budget';
        break;
      }
      const started = performance.now();
      const batch = makeBatch(train, s.cursor.next().indices);
      const losses = trainStep(model, optimizer, batch, {
        step: s.step,
        seed: s.rng.nextUint32(),
        regularizer,
        strength,
      });
      batch.dispose();
      trainMs += performance.now() - started;
      trainExamples += budget.batchSize;
      s.step += 1;
      if (!Number.isFinite(losses.taskLoss) || !Number.isFinite(losses.regLoss)) {
        throw new TrainingError(
          'DIVERGED',
          `loss became ${losses.taskLoss} (reg ${losses.regLoss}) at step ${s.step}; lower the learning rate or strength`,
        );
      }
      s.window = {
        steps: s.window.steps + 1,
        taskLoss: s.window.taskLoss + losses.taskLoss,
        regLoss: s.window.regLoss + losses.regLoss,
      };
      hooks.onStep?.(s.step);
      hooks.onProgress?.({ step: s.step, ...losses });
      // A step is synchronous: let timers and I/O run (heartbeats, the abort signal) between steps.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const last = s.step >= budget.steps;
      if (s.step % budget.evalInterval === 0 || last) await evaluate();
      const converged =
        evaluatedAt === s.step && !collapsed && hasConverged(s.evaluations, DEFAULT_CONVERGENCE);
      if (s.step % budget.checkpointInterval === 0 || last || collapsed || converged)
        await checkpoint();
      if (collapsed) {
        stopReason = 'collapsed';
        break;
      }
      if (converged) {
        stopReason = 'converged';
        break;
      }
    }
    if (stopReason !== 'cancelled' && evaluatedAt !== s.step) {
      // Resumed at or past the budget: measure the restored state once.
      await evaluate();
      if (savedStep !== s.step) await checkpoint();
      if (collapsed) stopReason = 'collapsed';
    }

    const structure = aliveCounts();
    const costIn = (resource: ResourceName): number =>
      resource === config.target.resource
        ? regularizer.getCost()
        : regularizerFor(model, config, resource).getCost();
    const wantsLatency =
      config.target.resource === 'latency' || config.target.hardware !== undefined;
    return {
      status:
        stopReason === 'collapsed'
          ? 'collapsed'
          : stopReason === 'cancelled'
            ? 'cancelled'
            : 'succeeded',
      stopReason,
      stepsTrained: s.step,
      structure,
      structureHash: structureHash(structure),
      cost: regularizer.getCost(),
      flops: costIn('flops'),
      modelSize: costIn('model-size'),
      ...(wantsLatency ? { latency: costIn('latency') } : {}),
      accuracy: s.lastAccuracy ?? 0,
      regLoss: s.evaluations.at(-1)?.regLoss ?? lastRegLoss,
      backend,
    };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}
