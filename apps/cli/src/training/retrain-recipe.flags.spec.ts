import { describe, expect, it } from 'vitest';
import { recipeOf } from './retrain-recipe.flags';

describe(recipeOf.name, () => {
  it('leaves absent flags absent (retrain’s defaults: adam, cosine, no recipe)', () => {
    expect(recipeOf({})).toEqual({
      optimizer: 'adam',
      schedule: 'cosine',
      milestones: undefined,
      decayFactor: undefined,
      warmupSteps: undefined,
      momentum: undefined,
      nesterov: undefined,
      weightDecay: undefined,
      augmentation: undefined,
    });
  });

  it('reads the standard CIFAR recipe', () => {
    expect(
      recipeOf({
        optimizer: 'momentum',
        schedule: 'step',
        milestones: '80, 120',
        'decay-factor': '0.2',
        'warmup-steps': '500',
        momentum: '0.95',
        nesterov: true,
        'weight-decay': '1e-4',
        augmentation: 'crop-flip',
      }),
    ).toEqual({
      optimizer: 'momentum',
      schedule: 'step',
      milestones: [80, 120],
      decayFactor: 0.2,
      warmupSteps: 500,
      momentum: 0.95,
      nesterov: true,
      weightDecay: 1e-4,
      augmentation: 'crop-flip',
    });
  });

  it('names a bad flag', () => {
    expect(() => recipeOf({ milestones: '120,80' })).toThrow(/--milestones must be increasing/);
    expect(() => recipeOf({ 'weight-decay': '-1' })).toThrow(/--weight-decay got an invalid/);
    expect(() => recipeOf({ augmentation: 'mixup' })).toThrow(/--augmentation must be one of/);
    expect(() => recipeOf({ schedule: 'linear' })).toThrow(/--schedule must be one of/);
  });
});
