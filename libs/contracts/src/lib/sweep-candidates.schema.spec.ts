import { describe, expect, it } from 'vitest';
import { parseSweepSpec } from './spec-issues';
import { issuesOf, validSpecInput } from '../test/sweep-spec.fixture';
import type { SweepSpecInput } from './sweep.schema';

const valid: SweepSpecInput = {
  ...validSpecInput,
  name: 'candidates sweep',
  morphnet: { family: 'logistic-sigmoid', resource: 'flops' },
  grid: { strengths: [1e-8, 1e-7], thresholds: [0.1] },
};

describe('sweepSpecSchema candidates', () => {
  it('is optional; thresholds default to the grid’s (left out)', () => {
    const without = parseSweepSpec(valid);
    expect(without.ok && without.spec.candidates).toBe(undefined);
    const withDefault = parseSweepSpec({ ...valid, candidates: {} });
    expect(withDefault.ok && withDefault.spec.candidates).toEqual({});
    const withList = parseSweepSpec({ ...valid, candidates: { thresholds: [0.05, 0.5] } });
    expect(withList.ok && withList.spec.candidates).toEqual({ thresholds: [0.05, 0.5] });
  });

  it('names each threshold outside the family’s range, and repeated ones', () => {
    expect(issuesOf({ ...valid, candidates: { thresholds: [0.5, 1.5, 0.5] } })).toEqual([
      { path: 'candidates.thresholds', message: 'candidate thresholds must be distinct' },
      {
        path: 'candidates.thresholds.1',
        message: expect.stringContaining('threshold 1.5 is outside'),
      },
    ]);
  });

  it('bounds the list', () => {
    const thresholds = Array.from({ length: 17 }, (_, i) => (i + 1) / 20);
    expect(issuesOf({ ...valid, candidates: { thresholds } }).map((i) => i.path)).toEqual([
      'candidates.thresholds',
    ]);
    expect(issuesOf({ ...valid, candidates: { thresholds: [] } }).map((i) => i.path)).toEqual([
      'candidates.thresholds',
    ]);
  });
});
