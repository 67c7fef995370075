import { describe, expect, it } from 'vitest';
import type { Retraining } from '../../api/types';
import { comparisonView, retrainedGroups } from './uniform-comparison.model';

let n = 0;
function retraining(
  kind: Retraining['kind'],
  structureHash: string,
  measuredCost: number | null,
  finalAccuracy: number | null,
  status: Retraining['status'] = 'SUCCEEDED',
  replica = 0,
): Retraining {
  const id = `00000000-0000-4000-8000-${String(n++).padStart(12, '0')}`;
  return {
    id,
    sweepId: id,
    sourceRunId: null,
    kind,
    structureHash,
    replica,
    seed: replica * 1000,
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

describe('retrainedGroups', () => {
  it('groups the replicas of each structure and kind: mean ± sd over the succeeded ones, and n', () => {
    const groups = retrainedGroups([
      retraining('LEARNED', 'm', 200, 0.8, 'SUCCEEDED', 0),
      retraining('LEARNED', 'm', 200, 0.78, 'SUCCEEDED', 1),
      retraining('LEARNED', 'm', null, null, 'RUNNING', 2),
      retraining('WIDTH_MULTIPLIER', 'm', 200, 0.75, 'SUCCEEDED', 0),
      retraining('WIDTH_MULTIPLIER', 'm', 200, 0.77, 'SUCCEEDED', 1),
      retraining('WIDTH_MULTIPLIER', 'm', 200, 0.73, 'SUCCEEDED', 2),
      retraining('LEARNED', 'small', 50, 0.6, 'SUCCEEDED', 0),
      retraining('LEARNED', 'queued', null, null, 'QUEUED', 0),
    ]);
    expect(
      groups.map((g) => [g.kind, g.structureHash, g.cost, g.accuracy?.seeds ?? 0, g.replicas]),
    ).toEqual([
      ['LEARNED', 'small', 50, 1, 1],
      ['LEARNED', 'm', 200, 2, 3],
      ['LEARNED', 'queued', null, 0, 1],
      ['WIDTH_MULTIPLIER', 'm', 200, 3, 3],
    ]);
    const [small, learned, queued, uniform] = groups;
    expect(small?.accuracy).toEqual({ mean: 0.6, sd: null, seeds: 1 });
    expect(learned?.accuracy?.mean).toBeCloseTo(0.79, 10);
    expect(learned?.accuracy?.sd).toBeCloseTo(Math.SQRT2 * 0.01, 10);
    expect(queued?.accuracy).toBeNull();
    expect(uniform?.accuracy?.mean).toBeCloseTo(0.75, 10);
    expect(uniform?.accuracy?.sd).toBeCloseTo(0.02, 10);
  });

  it('gives the comparison one point per structure from its replicas, not one per replica', () => {
    const view = comparisonView([
      retraining('WIDTH_MULTIPLIER', 'a', 100, 0.7, 'SUCCEEDED', 0),
      retraining('WIDTH_MULTIPLIER', 'a', 100, 0.72, 'SUCCEEDED', 1),
      retraining('WIDTH_MULTIPLIER', 'b', 400, 0.8, 'SUCCEEDED', 0),
      retraining('WIDTH_MULTIPLIER', 'b', 400, 0.82, 'SUCCEEDED', 1),
      retraining('LEARNED', 'a', 100, 0.74, 'SUCCEEDED', 0),
      retraining('LEARNED', 'a', 100, 0.76, 'SUCCEEDED', 1),
    ]);
    if (view.kind !== 'ready') throw new Error(view.message);
    expect(view.comparison.uniform).toEqual([
      { cost: 100, accuracy: expect.closeTo(0.71, 10) },
      { cost: 400, accuracy: expect.closeTo(0.81, 10) },
    ]);
    expect(view.comparison.points).toHaveLength(1);
    expect(view.comparison.points[0]?.accuracyGained).toMatchObject({
      mean: expect.closeTo(0.04, 10),
      seeds: 2,
    });
  });
});
