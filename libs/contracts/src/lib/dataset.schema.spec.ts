import { describe, expect, it } from 'vitest';
import { registerDatasetSchema } from './dataset.schema';
import { parseSweepSpec } from './spec-issues';

const spec = {
  name: 's',
  seedNetwork: 'fmnist-cnn',
  morphnet: { family: 'gamma', resource: 'flops' },
  grid: { strengths: [1e-8], thresholds: [0.01] },
  budget: { steps: 10, batchSize: 8, learningRate: 0.01, evalInterval: 5, checkpointInterval: 5 },
};
const resolved = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'tiny',
  uri: 's3://bucket/tiny.npz',
  format: 'npz',
  height: 8,
  width: 8,
  channels: 3,
  numClasses: 4,
  trainCount: 64,
  testCount: 0,
  checksum: 'a'.repeat(64),
};

describe('registerDatasetSchema', () => {
  it('takes a name, a file:/// or s3:// URI and a known format', () => {
    const ok = { name: 'cifar-10', uri: 's3://data/cifar', format: 'cifar10' };
    expect(registerDatasetSchema.parse(ok)).toEqual(ok);
  });

  it('names the field of a relative path, a bad name and an unknown format', () => {
    const result = registerDatasetSchema.safeParse({
      name: 'Bad Name',
      uri: 'file://relative/dir',
      format: 'hdf5',
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['name', 'uri', 'format']));
  });
});

describe('a sweep spec on a dataset', () => {
  it('still takes the built-in kinds', () => {
    const parsed = parseSweepSpec({ ...spec, dataset: { kind: 'synthetic', subsetSize: 64 } });
    expect(parsed.ok).toBe(true);
  });

  it('takes a registered dataset by name, with what the API resolved', () => {
    const dataset = { kind: 'registered', dataset: 'tiny', resolved };
    const parsed = parseSweepSpec({ ...spec, dataset });
    expect(parsed.ok && parsed.spec.dataset).toEqual(dataset);
  });

  it('rejects an unknown kind at dataset.kind', () => {
    const parsed = parseSweepSpec({ ...spec, dataset: { kind: 'imagenet' } });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.issues.map((i) => i.path)).toContain('dataset.kind');
  });

  it('refuses evaluation on the test split of a registered dataset without one', () => {
    const budget = { ...spec.budget, epochs: 1, steps: undefined, evaluateOn: 'test' };
    const retrain = { policy: 'manual', budget };
    const dataset = { kind: 'registered', dataset: 'tiny', resolved };
    const parsed = parseSweepSpec({ ...spec, dataset, retrain });
    expect(!parsed.ok && parsed.issues).toEqual([
      { path: 'retrain.budget.evaluateOn', message: 'the tiny dataset has no test split' },
    ]);
    const withTest = { ...dataset, resolved: { ...resolved, testCount: 16 } };
    expect(parseSweepSpec({ ...spec, dataset: withTest, retrain }).ok).toBe(true);
  });
});
