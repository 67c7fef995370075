import { parseSweepSpec } from '../lib/spec-issues';
import type { SweepSpecInput } from '../lib/sweep.schema';

/** A small valid spec the schema specs vary one field at a time. */
export const validSpecInput: SweepSpecInput = {
  name: 'cnn sweep',
  seedNetwork: 'fmnist-cnn',
  dataset: { kind: 'synthetic', subsetSize: 256 },
  morphnet: { family: 'gamma', resource: 'flops' },
  grid: { strengths: { logRange: [1e-9, 1e-7], count: 3 }, thresholds: [0.01, 0.1] },
  budget: {
    steps: 100,
    batchSize: 32,
    learningRate: 0.01,
    evalInterval: 50,
    checkpointInterval: 25,
  },
};

/** The issues of a spec that must be refused (throws when it parses). */
export function issuesOf(input: unknown) {
  const result = parseSweepSpec(input);
  if (result.ok) throw new Error('expected issues');
  return result.issues;
}
