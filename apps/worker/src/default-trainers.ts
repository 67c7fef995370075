import type { ActivityDeps, RetrainFn } from '@morphsweep/activities';
import type { RetrainBudgetSpec } from '@morphsweep/contracts';
import { epochsForSteps } from '@morphsweep/sweeps';
import { learnStructure, retrain, selectBackend } from '@morphsweep/training';

let backend: Promise<unknown> | undefined;

/** Selects the tensor backend once per process (MORPHSWEEP_BACKEND, else the fastest available). */
function ensureBackend(): Promise<unknown> {
  backend ??= selectBackend();
  return backend;
}

/**
 * The retraining loop of `@morphsweep/training` behind the activity's budget contract: a
 * budget in `epochs` trains those epochs; one in `steps` becomes whole epochs over the
 * training split of the dataset in use (`epochsForSteps`: its real size, less validation), at
 * least one. The recipe fields a retrain budget may carry (schedule, milestones, warm-up,
 * momentum, Nesterov, weight decay, augmentation, evaluation split) pass through as they are;
 * absent, `retrain`'s defaults are today's recipe.
 * It checkpoints every `budget.checkpointInterval` steps (and after the last) through the
 * activity's sink, and a retried attempt resumes from the checkpoint the activity picked
 * (`resumeFrom`: the newest of the heartbeat's and the database's), ending as the
 * uninterrupted retraining would have. The result is `retrain`'s, whole.
 */
const retrainWithBudget: RetrainFn = async (request, options) => {
  await ensureBackend();
  const { network, dataset, budget, seed, target } = request;
  // The sweep's structure-learning budget (when the retrain policy gives none) has no recipe.
  const recipe: Partial<RetrainBudgetSpec> = budget;
  const epochs = recipe.epochs ?? epochsForSteps(recipe.steps ?? 0, budget.batchSize, dataset);
  const { batchSize, learningRate, optimizer, checkpointInterval } = budget;
  return retrain(
    network,
    {
      dataset,
      epochs,
      batchSize,
      learningRate,
      optimizer,
      seed,
      costResource: target,
      checkpointInterval,
      schedule: recipe.schedule,
      milestones: recipe.milestones,
      decayFactor: recipe.decayFactor,
      warmupSteps: recipe.warmupSteps,
      momentum: recipe.momentum,
      nesterov: recipe.nesterov,
      weightDecay: recipe.weightDecay,
      augmentation: recipe.augmentation,
      evaluateOn: recipe.evaluateOn,
    },
    options,
  );
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
