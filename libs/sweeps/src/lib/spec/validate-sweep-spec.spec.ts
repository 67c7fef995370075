import { describe, expect, it } from 'vitest';
import { validateSweepSpec } from './validate-sweep-spec';

const base = {
  name: 's',
  seedNetwork: 'fmnist-cnn',
  dataset: { kind: 'synthetic' },
  morphnet: { family: 'gamma', resource: 'flops' },
  grid: { strengths: [1e-8], thresholds: [0.01] },
  budget: { steps: 10, batchSize: 8, learningRate: 0.01, evalInterval: 5, checkpointInterval: 5 },
};

describe('validateSweepSpec', () => {
  it('accepts a zoo seed and computes its cost', () => {
    const result = validateSweepSpec(base);
    expect(result.ok).toBe(true);
    expect(result.seedCost).toBeGreaterThan(0);
  });

  it('rejects unknown zoo names and invalid descriptions on seedNetwork', () => {
    const unknown = validateSweepSpec({ ...base, seedNetwork: 'resnet-9000' });
    expect(unknown).toMatchObject({ ok: false, issues: [{ path: 'seedNetwork' }] });
    const invalid = validateSweepSpec({ ...base, seedNetwork: { format: 'nope', layers: [] } });
    expect(invalid).toMatchObject({ ok: false, issues: [{ path: 'seedNetwork' }] });
  });

  it('reports unknown latency hardware on morphnet.hardware', () => {
    const result = validateSweepSpec({
      ...base,
      morphnet: { family: 'gamma', resource: 'latency', hardware: 'abacus' },
    });
    expect(result).toMatchObject({ ok: false, issues: [{ path: 'morphnet.hardware' }] });
  });

  it('passes schema issues through', () => {
    expect(
      validateSweepSpec({ ...base, grid: { strengths: [0], thresholds: [0.01] } }),
    ).toMatchObject({
      ok: false,
      issues: [{ path: 'grid.strengths.0' }],
    });
  });
});
