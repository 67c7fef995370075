import { AUGMENTATIONS, LR_SCHEDULES, OPTIMIZERS } from '@morphsweep/contracts';
import type { RetrainConfig } from '@morphsweep/training';
import { UsageError } from '../command';
import { numberFlag, oneOf, positiveInt } from '../flags';

/** The `parseArgs` options of the retraining recipe (besides epochs, batch size and rate). */
export const RECIPE_OPTIONS = {
  optimizer: { type: 'string' },
  schedule: { type: 'string' },
  milestones: { type: 'string' },
  'decay-factor': { type: 'string' },
  'warmup-steps': { type: 'string' },
  momentum: { type: 'string' },
  nesterov: { type: 'boolean', default: false },
  'weight-decay': { type: 'string' },
  augmentation: { type: 'string' },
} as const;

/** Their usage lines. */
export const RECIPE_USAGE = `  --optimizer ${OPTIMIZERS.join('|')}   (default adam)
  --schedule ${LR_SCHEDULES.join('|')}   (default cosine)
  --milestones E1,E2,…   step schedule: decay at these epochs (default: after each third)
  --decay-factor F       step schedule: ×F at each milestone (default 0.1)
  --warmup-steps N       linear warm-up (default 0)
  --momentum M           the momentum optimizer's μ (default 0.9)
  --nesterov             Nesterov momentum (momentum optimizer)
  --weight-decay L       L2 weight decay of the kernels (default 0)
  --augmentation ${AUGMENTATIONS.join('|')}   (default: crop-flip for RGB data, none for grayscale)`;

type RecipeValues = { [K in keyof typeof RECIPE_OPTIONS]?: string | boolean };

/**
 * The recipe fields of a `RetrainConfig` from the flags; absent flags stay absent, so
 * `retrain`'s defaults apply (and `retrain` checks how they combine).
 */
export function recipeOf(v: RecipeValues): Partial<RetrainConfig> {
  const str = (key: keyof typeof RECIPE_OPTIONS) => v[key] as string | undefined;
  const num = (key: keyof typeof RECIPE_OPTIONS, check: (n: number) => boolean) =>
    str(key) === undefined ? undefined : numberFlag(str(key), key, undefined, check);
  const milestones = str('milestones')
    ?.split(',')
    .map((m) => numberFlag(m.trim(), 'milestones', undefined, positiveInt));
  if (milestones?.some((m, i) => i > 0 && m <= (milestones[i - 1] as number)))
    throw new UsageError(`--milestones must be increasing epochs, got "${str('milestones')}"`);
  return {
    optimizer: oneOf(str('optimizer'), OPTIMIZERS, 'optimizer', 'adam'),
    schedule: oneOf(str('schedule'), LR_SCHEDULES, 'schedule', 'cosine'),
    milestones,
    decayFactor: num('decay-factor', (n) => n > 0 && n < 1),
    warmupSteps: num('warmup-steps', (n) => Number.isInteger(n) && n >= 0),
    momentum: num('momentum', (n) => n >= 0 && n < 1),
    nesterov: v.nesterov === true ? true : undefined,
    weightDecay: num('weight-decay', (n) => n >= 0),
    augmentation:
      str('augmentation') === undefined
        ? undefined
        : oneOf(str('augmentation'), AUGMENTATIONS, 'augmentation', 'none'),
  };
}
