// The no-op structure-learning loop of the orchestration bench: one metric point and a result,
// no training. Injected by the bench's workers only; no public API can reach it.
import type { LearnStructureFn } from '@morphsweep/activities';

/** Reports one metric point and succeeds with a point on the cost–accuracy plane. */
export const noopTrainer: LearnStructureFn = async (config, hooks) => {
  await hooks.onMetrics?.([
    { step: 1, taskLoss: 1, regLoss: 0, cost: 1 / config.strength, accuracy: 0.5 },
  ]);
  return {
    status: 'succeeded',
    stopReason: 'budget',
    stepsTrained: 1,
    structure: { conv1: 1 },
    structureHash: `h${config.strength}`,
    cost: 1 / config.strength,
    flops: 1,
    modelSize: 1,
    accuracy: 0.5 + config.threshold,
    regLoss: 0,
    backend: 'noop',
  };
};
