import { describe, expect, it } from 'vitest';
import { sweepSpecSchema } from '@morphsweep/contracts';
import { STUDY_CONFIGS } from './config';
import { specDigest, sweepSpecFor } from './driver';

describe('sweepSpecFor', () => {
  it.each(Object.values(STUDY_CONFIGS))(
    'gives $name sweeps the product accepts, with manual retraining of every seed and a baseline',
    (config) => {
      for (const plan of config.families) {
        const spec = sweepSpecFor(config, plan, [1e-8, 2e-8]);
        const parsed = sweepSpecSchema.parse(spec);
        expect(parsed.retrain).toMatchObject({
          policy: 'manual',
          baseline: true,
          seeds: config.seeds,
          budget: { evaluateOn: 'test' },
        });
        expect(parsed.morphnet).toEqual({ family: plan.family, resource: 'flops' });
        expect(parsed.budget.learningRate).toBe(plan.learningRate ?? config.learn.learningRate);
      }
    },
  );

  it('asks for at least 3 seeds in the medium and full studies', () => {
    expect(STUDY_CONFIGS.medium.seeds).toBeGreaterThanOrEqual(3);
    expect(STUDY_CONFIGS.full.seeds).toBeGreaterThanOrEqual(3);
  });

  it('trains the full study on all of Fashion-MNIST', () => {
    const [plan] = STUDY_CONFIGS.full.families;
    expect(sweepSpecFor(STUDY_CONFIGS.full, plan!, [1e-8]).dataset).toEqual({
      kind: 'fashion-mnist',
    });
  });
});

describe('specDigest', () => {
  it('is stable for a spec and changes with it', () => {
    const [plan] = STUDY_CONFIGS.medium.families;
    const a = sweepSpecFor(STUDY_CONFIGS.medium, plan!, [1e-8]);
    expect(specDigest(a)).toBe(specDigest(structuredClone(a)));
    expect(specDigest(a)).not.toBe(specDigest(sweepSpecFor(STUDY_CONFIGS.medium, plan!, [2e-8])));
  });
});
