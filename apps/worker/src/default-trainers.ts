import type { ActivityDeps, RetrainFn } from '@morphsweep/activities';
import { epochsForSteps } from '@morphsweep/sweeps';
import { learnStructure, retrain, selectBackend } from '@morphsweep/training';

let backend: Promise<unknown> | undefined;

/** Selects the tensor backend once per process (MORPHSWEEP_BACKEND, else the fastest available). */
function ensureBackend(): Promise<unknown> {
  backend ??= selectBackend();
  return backend;
}

/**
 * The retraining loop of `@morphsweep/training` behind the activity's step-budget contract:
 * the budget's steps become whole epochs over the training split of the dataset in use
 * (`epochsForSteps`: its real size, less validation), at least one.
 * It checkpoints every `budget.checkpointInterval` steps (and after the last) through the
 * activity's sink, and a retried attempt resumes from the checkpoint its predecessor
 * heartbeated (`resumeFrom`), ending as the uninterrupted retraining would have.
 */
const retrainWithBudget: RetrainFn = async (config, options) => {
  await ensureBackend();
  const epochs = epochsForSteps(config.budget.steps, config.budget.batchSize, config.dataset);
  const result = await retrain(
    config.network,
    {
      dataset: config.dataset,
      epochs,
      batchSize: config.budget.batchSize,
      learningRate: config.budget.learningRate,
      optimizer: config.budget.optimizer,
      seed: config.seed,
      costResource: config.target,
      checkpointInterval: config.budget.checkpointInterval,
    },
    {
      checkpoints: options.checkpoints,
      ...(options.resumeFrom ? { resumeFrom: options.resumeFrom } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onStep ? { onStep: options.onStep } : {}),
      ...(options.onCheckpoint ? { onCheckpoint: options.onCheckpoint } : {}),
    },
  );
  return {
    status: result.status,
    accuracy: result.accuracy,
    stepsTrained: result.steps,
    backend: result.backend,
  };
};

/** The training loops a production worker uses: `@morphsweep/training`'s, on the selected backend. */
export function defaultTrainers(): Required<Pick<ActivityDeps, 'learnStructure' | 'retrain'>> {
  return {
    learnStructure: async (config, hooks, options) => {
      await ensureBackend();
      return learnStructure(config, hooks, options);
    },
    retrain: retrainWithBudget,
  };
}
