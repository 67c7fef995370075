import { describe, expect, it } from 'vitest';
import { parseSweepSpec } from './spec-issues';
import { issuesOf, validSpecInput } from '../test/sweep-spec.fixture';

const valid = validSpecInput;

describe('sweepSpecSchema', () => {
  it('accepts a valid spec and fills defaults', () => {
    const result = parseSweepSpec(valid);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.spec.concurrency).toBe(4);
    expect(result.spec.accelerator).toBe('any');
    expect(result.spec.retrain).toEqual({ policy: 'manual', baseline: false, seeds: 1 });
    expect(result.spec.budget.optimizer).toBe('adam');
    expect(result.spec.seed).toBe(0);
  });

  it('rejects grids over 10,000 cells', () => {
    const input = {
      ...valid,
      grid: { strengths: { logRange: [1e-9, 1e-3], count: 5001 }, thresholds: [0.1, 0.2, 0.3] },
    };
    expect(issuesOf(input)).toEqual([
      { path: 'grid', message: 'the grid has 15003 cells; at most 10000 are allowed' },
    ]);
  });

  it('rejects non-positive strengths with the field path', () => {
    const input = { ...valid, grid: { strengths: [1e-8, 0, -1], thresholds: [0.1] } };
    expect(issuesOf(input).map((i) => i.path)).toEqual(['grid.strengths.1', 'grid.strengths.2']);
    const range = {
      ...valid,
      grid: { strengths: { logRange: [0, 1], count: 2 }, thresholds: [0.1] },
    };
    expect(issuesOf(range).map((i) => i.path)).toContain('grid.strengths.logRange.0');
  });

  it('rejects thresholds outside the family range', () => {
    const input = {
      ...valid,
      morphnet: { family: 'logistic-sigmoid', resource: 'flops' },
      grid: { strengths: [1e-8], thresholds: [0.5, 1, 0] },
    };
    const issues = issuesOf(input);
    expect(issues.map((i) => i.path)).toEqual(['grid.thresholds.1', 'grid.thresholds.2']);
    expect(issues[0]?.message).toContain('(0, 1)');
    expect(issuesOf({ ...valid, grid: { strengths: [1], thresholds: [-0.1] } })[0]?.path).toBe(
      'grid.thresholds.0',
    );
  });

  it('rejects repeated grid values, latency without hardware and unknown fields', () => {
    expect(issuesOf({ ...valid, grid: { strengths: [1, 1], thresholds: [0.1] } })[0]?.path).toBe(
      'grid.strengths',
    );
    expect(
      issuesOf({ ...valid, morphnet: { family: 'gamma', resource: 'latency' } })[0]?.path,
    ).toBe('morphnet.hardware');
    expect(issuesOf({ ...valid, extra: 1 })[0]?.message).toMatch(/extra/);
  });

  it('requires topK for the auto retrain policy', () => {
    expect(issuesOf({ ...valid, retrain: { policy: 'auto' } })[0]?.path).toBe('retrain.topK');
  });

  it('takes 1 to 10 retraining seeds on the manual and auto policies, 1 by default', () => {
    const seedsOf = (retrain: Record<string, unknown>) => {
      const result = parseSweepSpec({ ...valid, retrain });
      if (!result.ok || result.spec.retrain.policy === 'none') throw new Error('expected a spec');
      return result.spec.retrain.seeds;
    };
    expect(seedsOf({ policy: 'manual' })).toBe(1);
    expect(seedsOf({ policy: 'manual', seeds: 3, baseline: true })).toBe(3);
    expect(seedsOf({ policy: 'auto', topK: 2 })).toBe(1);
    expect(seedsOf({ policy: 'auto', topK: 2, seeds: 10 })).toBe(10);
    for (const seeds of [0, 11, 1.5, '3']) {
      expect(issuesOf({ ...valid, retrain: { policy: 'manual', seeds } })[0]?.path).toBe(
        'retrain.seeds',
      );
    }
    expect(issuesOf({ ...valid, retrain: { policy: 'none', seeds: 3 } })[0]?.message).toMatch(
      /seeds/,
    );
  });
});

describe('retrainBudgetSchema (the retraining recipe)', () => {
  const { steps: _steps, ...base } = valid.budget;
  const withRetrain = (budget: Record<string, unknown>) => ({
    ...valid,
    retrain: { policy: 'manual', budget: { ...base, ...budget } },
  });

  it('keeps a step budget as it was: no recipe field is filled in', () => {
    const result = parseSweepSpec(withRetrain({ steps: 100 }));
    expect(result.ok).toBe(true);
    if (!result.ok || result.spec.retrain.policy === 'none') return;
    expect(result.spec.retrain.budget).toEqual({ ...base, steps: 100, optimizer: 'adam' });
  });

  it('accepts a budget in epochs with the standard CIFAR recipe', () => {
    const recipe = {
      epochs: 160,
      optimizer: 'momentum',
      learningRate: 0.1,
      schedule: 'step',
      milestones: [80, 120],
      decayFactor: 0.1,
      warmupSteps: 100,
      momentum: 0.9,
      nesterov: true,
      weightDecay: 1e-4,
      augmentation: 'crop-flip',
      evaluateOn: 'test',
    };
    const result = parseSweepSpec({ ...withRetrain(recipe), dataset: { kind: 'fashion-mnist' } });
    expect(result.ok).toBe(true);
    if (!result.ok || result.spec.retrain.policy === 'none') return;
    expect(result.spec.retrain.budget).toMatchObject(recipe);
  });

  it('needs steps or epochs, exactly one', () => {
    expect(issuesOf(withRetrain({}))[0]?.path).toBe('retrain.budget.steps');
    expect(issuesOf(withRetrain({ steps: 10, epochs: 2 }))[0]?.message).toMatch(/exactly one/);
  });

  it('names bad milestones, schedules, Nesterov and weight decay', () => {
    const step = { epochs: 10, schedule: 'step' };
    const paths = (budget: Record<string, unknown>) =>
      issuesOf(withRetrain(budget)).map((i) => `${i.path}: ${i.message}`);
    expect(paths({ ...step, milestones: [5, 5] })).toEqual([
      'retrain.budget.milestones.1: milestones must be strictly increasing',
    ]);
    expect(paths({ ...step, milestones: [3, 10] })[0]).toMatch(/milestones\.1: .*last epoch/);
    expect(paths({ epochs: 10, milestones: [3] })[0]).toMatch(/need the step schedule/);
    expect(paths({ epochs: 10, nesterov: true })[0]).toMatch(/nesterov needs the momentum/);
    expect(paths({ epochs: 10, weightDecay: -1 })[0]).toBe(
      'retrain.budget.weightDecay: weight decay must be ≥ 0',
    );
    expect(paths({ epochs: 10, augmentation: 'mixup' })[0]).toMatch(/augmentation/);
    expect(paths({ epochs: 10, evaluateOn: 'test' })).toEqual([
      'retrain.budget.evaluateOn: the synthetic dataset has no test split',
    ]);
  });
});
