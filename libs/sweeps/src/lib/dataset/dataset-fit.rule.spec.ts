import { describe, expect, it } from 'vitest';
import { validateSweepSpec } from '../spec/validate-sweep-spec';
import { epochsForSteps, trainingSplitSize } from '../budget/step-budget.rule';

// Issue 12 item 4: at submission the seed's input shape and outputs must fit the dataset.
const base = {
  name: 's',
  seedNetwork: 'fmnist-cnn',
  morphnet: { family: 'gamma', resource: 'flops' },
  grid: { strengths: [1e-8], thresholds: [0.01] },
  budget: { steps: 10, batchSize: 8, learningRate: 0.01, evalInterval: 5, checkpointInterval: 5 },
};
const resolved = (shape: {
  height: number;
  width: number;
  channels: number;
  numClasses: number;
}) => ({
  id: '00000000-0000-4000-8000-000000000001',
  name: 'colour-32',
  uri: 'file:///data/colour-32',
  format: 'cifar10' as const,
  ...shape,
  trainCount: 500,
  testCount: 100,
  checksum: 'c'.repeat(64),
});
const registered = (shape: Parameters<typeof resolved>[0]) => ({
  kind: 'registered',
  dataset: 'colour-32',
  resolved: resolved(shape),
});

describe('the dataset fit of validateSweepSpec', () => {
  it('accepts a seed whose input and outputs match, built-in or registered', () => {
    expect(validateSweepSpec({ ...base, dataset: { kind: 'fashion-mnist' } }).ok).toBe(true);
    const grey = registered({ height: 28, width: 28, channels: 1, numClasses: 10 });
    expect(validateSweepSpec({ ...base, dataset: grey }).ok).toBe(true);
  });

  it('names the network and the dataset for a wrong input shape and a wrong class count', () => {
    const colour = registered({ height: 32, width: 32, channels: 3, numClasses: 100 });
    const result = validateSweepSpec({ ...base, dataset: colour });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues).toEqual([
      {
        path: 'seedNetwork',
        message:
          'the seed network "fmnist-cnn" takes 28×28×1 inputs, but dataset "colour-32" has 32×32×3 images',
      },
      {
        path: 'seedNetwork',
        message:
          'the seed network "fmnist-cnn" outputs [10], but dataset "colour-32" has 100 classes (an output of [100])',
      },
    ]);
  });

  it('refuses a CIFAR seed on a built-in 28×28 grey set', () => {
    const result = validateSweepSpec({
      ...base,
      seedNetwork: 'cifar-resnet20',
      dataset: { kind: 'synthetic' },
    });
    expect(!result.ok && result.issues.map((i) => i.message)).toEqual([
      expect.stringMatching(/takes 32×32×3 inputs, but dataset synthetic has 28×28×1 images/),
    ]);
  });

  it('says when a registered dataset was never looked up', () => {
    const result = validateSweepSpec({
      ...base,
      dataset: { kind: 'registered', dataset: 'colour-32' },
    });
    expect(!result.ok && result.issues).toEqual([
      { path: 'dataset.dataset', message: expect.stringMatching(/"colour-32" was not looked up/) },
    ]);
  });
});

describe('step budgets over a registered dataset', () => {
  it('count its training images, less validation', () => {
    const dataset = { kind: 'registered' as const, resolved: { trainCount: 500 } };
    expect(trainingSplitSize(dataset)).toBe(450);
    expect(trainingSplitSize({ ...dataset, subsetSize: 100 })).toBe(90);
    expect(epochsForSteps(100, 9, dataset)).toBe(2);
    expect(() => trainingSplitSize({ kind: 'registered' })).toThrow(/not resolved/);
  });
});
