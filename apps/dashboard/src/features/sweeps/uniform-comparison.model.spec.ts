import { describe, expect, it } from 'vitest';
import type { Retraining } from '../../api/types';
import { comparisonView } from './uniform-comparison.model';

let n = 0;
function retraining(
  kind: Retraining['kind'],
  structureHash: string,
  measuredCost: number | null,
  finalAccuracy: number | null,
  status: Retraining['status'] = 'SUCCEEDED',
): Retraining {
  const id = `00000000-0000-4000-8000-${String(n++).padStart(12, '0')}`;
  return {
    id,
    sweepId: id,
    sourceRunId: null,
    kind,
    structureHash,
    trigger: 'AUTO',
    status,
    workflowId: `w${id}`,
    finalAccuracy,
    measuredCost,
    parameters: null,
    checkpointUri: null,
    errorCode: null,
    error: null,
    startedAt: null,
    finishedAt: null,
    createdAt: '2026-12-01T00:00:00Z',
    updatedAt: '2026-12-01T00:00:00Z',
  };
}

describe('comparisonView', () => {
  it('says what is missing until both curves have a succeeded retraining', () => {
    expect(comparisonView([])).toMatchObject({ kind: 'missing' });
    const learnedOnly = comparisonView([retraining('LEARNED', 'a', 200, 0.8)]);
    expect(learnedOnly.kind === 'missing' && learnedOnly.message).toMatch(/width-multiplier/);
    const uniformOnly = comparisonView([
      retraining('WIDTH_MULTIPLIER', 'a', 200, 0.8),
      retraining('LEARNED', 'a', null, null, 'RUNNING'),
    ]);
    expect(uniformOnly.kind === 'missing' && uniformOnly.message).toMatch(/learned structure/);
  });

  it('compares the succeeded learned retrainings with the uniform curve', () => {
    const view = comparisonView([
      retraining('WIDTH_MULTIPLIER', 'x', 100, 0.7),
      retraining('WIDTH_MULTIPLIER', 'y', 400, 0.8),
      retraining('LEARNED', 'm', 200, 0.78),
      retraining('LEARNED', 'f', 300, 0.99, 'FAILED'),
    ]);
    if (view.kind !== 'ready') throw new Error(view.message);
    expect(view.comparison.points.map((p) => p.cost)).toEqual([200]);
    expect(view.comparison.accuracyGained?.mean).toBeCloseTo(0.03, 10);
    expect(view.comparison.uniform).toHaveLength(2);
  });

  it('gives a structure retrained with several seeds one point with its spread', () => {
    const view = comparisonView([
      retraining('WIDTH_MULTIPLIER', 'x', 100, 0.7),
      retraining('WIDTH_MULTIPLIER', 'y', 400, 0.8),
      retraining('LEARNED', 'm', 200, 0.79),
      retraining('LEARNED', 'm', 200, 0.77),
    ]);
    if (view.kind !== 'ready') throw new Error(view.message);
    expect(view.comparison.points).toHaveLength(1);
    expect(view.comparison.accuracyGained).toMatchObject({ seeds: 2 });
    expect(view.comparison.accuracyGained?.sd).toBeCloseTo(Math.SQRT2 * 0.01, 10);
  });
});
