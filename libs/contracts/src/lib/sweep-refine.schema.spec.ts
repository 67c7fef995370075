import { describe, expect, it } from 'vitest';
import { parseSweepSpec } from './spec-issues';
import { issuesOf, validSpecInput } from '../test/sweep-spec.fixture';
import type { SweepSpecInput } from './sweep.schema';

const valid: SweepSpecInput = {
  ...validSpecInput,
  name: 'refined sweep',
  grid: { strengths: [1e-8, 1e-7, 1e-6], thresholds: [0.01, 0.1] },
};

describe('sweepSpecSchema refine', () => {
  it('is optional, and a spec without it parses as before', () => {
    const result = parseSweepSpec(valid);
    expect(result.ok && result.spec.refine).toBe(undefined);
  });

  it('defaults to one round', () => {
    const result = parseSweepSpec({ ...valid, refine: { maxExtraCells: 4 } });
    expect(result.ok && result.spec.refine).toEqual({ maxExtraCells: 4, rounds: 1 });
  });

  it('names a budget that is not a positive integer, and unknown fields', () => {
    expect(issuesOf({ ...valid, refine: { maxExtraCells: 0 } }).map((i) => i.path)).toEqual([
      'refine.maxExtraCells',
    ]);
    expect(
      issuesOf({ ...valid, refine: { maxExtraCells: 2, rounds: 1.5, extra: 1 } }).map(
        (i) => i.path,
      ),
    ).toEqual(expect.arrayContaining(['refine.rounds', 'refine']));
  });

  it('bounds the grid and its extra cells by the cell limit', () => {
    const issues = issuesOf({ ...valid, refine: { maxExtraCells: 9_995 } });
    expect(issues).toEqual([
      {
        path: 'refine.maxExtraCells',
        message: "the grid's 6 cells and 9995 extra cells exceed the 10000 allowed",
      },
    ]);
  });

  it('needs two strengths to refine between', () => {
    const issues = issuesOf({
      ...valid,
      grid: { strengths: [1e-7], thresholds: [0.1] },
      refine: { maxExtraCells: 2 },
    });
    expect(issues.map((i) => i.path)).toEqual(['refine']);
  });
});
