import { describe, expect, it } from 'vitest';
import { retrainingPlanOf } from './retraining-plan';

describe('retrainingPlanOf', () => {
  it('retrains nothing, without baseline, for policy none', () => {
    expect(retrainingPlanOf({ policy: 'none' })).toEqual({
      policy: 'none',
      topK: 0,
      baseline: false,
    });
  });

  it('keeps the baseline of a manual policy and retrains nothing automatically', () => {
    expect(retrainingPlanOf({ policy: 'manual', baseline: true, seeds: 1 })).toEqual({
      policy: 'manual',
      topK: 0,
      baseline: true,
    });
  });

  it('carries top K and baseline of an auto policy', () => {
    expect(retrainingPlanOf({ policy: 'auto', topK: 3, baseline: false, seeds: 1 })).toEqual({
      policy: 'auto',
      topK: 3,
      baseline: false,
    });
  });
});
