import { DEFAULT_ALIVE_THRESHOLDS } from '@morphsweep/contracts';
import {
  createNetworkRegularizer,
  type MorphModel,
  type NetworkRegularizer,
  type ResourceName,
} from '@morphsweep/morphnet';
import { runTrainingLoop, type LoopOutcome } from '../loop/training.loop';
import { withTrainingSession, type TrainingSession } from '../loop/training.session';
import { TrainingError } from '../training.error';
import type {
  LearnStructureConfig,
  LearnStructureHooks,
  LearnStructureOptions,
  LearnStructureResult,
} from './learn-structure.types';
import { StructureLearningPolicy } from './learn-structure.policy';
import { structureHash } from './structure.hash';

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
  threshold = config.threshold ?? DEFAULT_ALIVE_THRESHOLDS[config.target.family],
): NetworkRegularizer {
  return createNetworkRegularizer({
    graph: model.graph('training'),
    tensors: model,
    family: config.target.family,
    resource,
    threshold,
    hardware: config.target.hardware,
  });
}

// Readers of the structure at the other candidate thresholds: regularizers over the same
// model whose only use is their alive vectors and cost (their terms never enter the loss).
function candidateReaders(model: MorphModel, config: LearnStructureConfig) {
  const others = [...new Set(config.candidateThresholds ?? [])].filter(
    (t) => t !== config.threshold,
  );
  return others.map((threshold) => ({
    threshold,
    regularizer: regularizerFor(model, config, config.target.resource, threshold),
  }));
}

/**
 * Learns a structure with MorphNet — the {@link StructureLearningPolicy} on the training loop
 * (`runTrainingLoop`). It builds `config.network` (seeded by `config.seed`), trains
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
 * (`LearnCheckpointMeta`, format `morphsweep-learn-checkpoint/v2`; v1 ones are read) through
 * `options.checkpoints` and reports it through `hooks.onCheckpoint`. `hooks.onStep` gets every
 * step.
 *
 * It stops at `budget.steps` (`budget`); when the structure no longer connects input and
 * output (`isCollapsed`: status and reason `collapsed`); when cost and reg loss have
 * converged (`hasConverged`: every relative change over the last 5 evaluations
 * < 1e-3, reason `converged`); or within one step of `options.signal` firing (`cancelled`).
 *
 * With `options.resumeFrom` it restores weights, batch-norm moving statistics, optimizer
 * slots, step, data cursor, RNG and the evaluations so far from that checkpoint and continues exactly as the uninterrupted run would have (same
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
  const { network, dataset, seed, budget } = config;
  const { batchSize, optimizer, learningRate } = budget;
  const setup = { network, dataset, seed, batchSize, optimizer, learningRate };
  return withTrainingSession(setup, async (session) => {
    session.model.resampleGates({ seed: config.seed, step: 0 });
    const regularizer = regularizerFor(session.model, config, config.target.resource);
    const readers = candidateReaders(session.model, config);
    const policy = new StructureLearningPolicy(config, session, regularizer, hooks, readers);
    const outcome = await runTrainingLoop(session, policy, {
      ...options,
      ...(hooks.onStep ? { onStep: hooks.onStep } : {}),
      ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
      ...(hooks.onCheckpoint ? { onCheckpoint: hooks.onCheckpoint } : {}),
    });
    return resultOf(config, session, policy, outcome);
  });
}

/** What a finished run reports: the learned structure and its costs in every resource. */
function resultOf(
  config: LearnStructureConfig,
  session: TrainingSession,
  policy: StructureLearningPolicy,
  outcome: LoopOutcome<'converged' | 'collapsed'>,
): LearnStructureResult {
  const { regularizer } = policy;
  const structure = policy.aliveCounts();
  const costIn = (resource: ResourceName): number =>
    resource === config.target.resource
      ? regularizer.getCost()
      : regularizerFor(session.model, config, resource).getCost();
  const wantsLatency = config.target.resource === 'latency' || config.target.hardware !== undefined;
  const { stopReason } = outcome;
  return {
    status:
      stopReason === 'collapsed'
        ? 'collapsed'
        : stopReason === 'cancelled'
          ? 'cancelled'
          : 'succeeded',
    stopReason,
    stepsTrained: outcome.steps,
    structure,
    structureHash: structureHash(structure),
    cost: regularizer.getCost(),
    flops: costIn('flops'),
    modelSize: costIn('model-size'),
    ...(wantsLatency ? { latency: costIn('latency') } : {}),
    accuracy: policy.lastAccuracy ?? 0,
    regLoss: policy.finalRegLoss(),
    backend: session.backend,
  };
}
