import { describe, expect, it } from 'vitest';
import type { FamilyResult, StudyRetraining } from './results';
import { compareRows, familyComparison, retrainedPoints, seedStats } from './statistics';

let next = 0;
function retraining(
  sourceRunId: string,
  kind: StudyRetraining['kind'],
  accuracy: number | null,
  cost = 500,
): StudyRetraining {
  next += 1;
  return {
    id: `r-${next}`,
    sourceRunId,
    kind,
    replica: next % 3,
    seed: next,
    status: accuracy === null ? 'RUNNING' : 'SUCCEEDED',
    finalAccuracy: accuracy,
    measuredCost: cost,
    parameters: 100,
    errorCode: null,
    startedAt: null,
    finishedAt: null,
  };
}

function family(retrainings: StudyRetraining[], runIds = ['a']): FamilyResult {
  return {
    family: 'gamma',
    network: 'fmnist-cnn-wide',
    seedCost: 1000,
    suggestion: { logRange: [1e-4, 1e-2], count: 5 },
    strengths: [1e-3],
    thresholds: [0.1],
    idempotencyKey: 'k',
    runs: runIds.map((id) => ({
      id,
      strength: 1e-3,
      threshold: 0.1,
      status: 'SUCCEEDED',
      cost: 500,
      accuracy: 0.8,
      structure: { conv1: 16 },
      structureHash: id,
      paretoOptimal: true,
      errorCode: null,
      startedAt: null,
      finishedAt: null,
    })),
    selected: runIds.map((runId) => ({ target: 0.5, runId, fraction: 0.5 })),
    promoted: runIds,
    retrainings,
  };
}

describe('seedStats', () => {
  it('gives the mean and the sample sd (n − 1)', () => {
    const s = seedStats([0.8, 0.82, 0.84])!;
    expect(s.mean).toBeCloseTo(0.82, 12);
    expect(s.sd).toBeCloseTo(0.02, 12);
    expect(s.n).toBe(3);
  });

  it('has no sd for one value and nothing for none', () => {
    expect(seedStats([0.7])).toEqual({ mean: 0.7, sd: null, n: 1 });
    expect(seedStats([])).toBeNull();
  });
});

describe('compareRows', () => {
  it('sets each learned structure against its own baseline: gain, the larger sd, and whether it beats it', () => {
    const rows = compareRows(
      family([
        ...[0.85, 0.86, 0.87].map((a) => retraining('a', 'LEARNED', a)),
        ...[0.8, 0.82, 0.84].map((a) => retraining('a', 'WIDTH_MULTIPLIER', a, 510)),
      ]),
      3,
    );
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row!.gain).toBeCloseTo(0.04, 12);
    expect(row!.spread).toBeCloseTo(0.02, 12); // the baseline's sd, larger than the learned 0.01
    expect(row!.beats).toBe(true);
    expect(row!.uniformFraction).toBeCloseTo(0.51, 12);
    expect([row!.finished, row!.expected]).toEqual([6, 6]);
  });

  it('does not call a gain inside the spread a win', () => {
    const [row] = compareRows(
      family([
        ...[0.8, 0.84, 0.88].map((a) => retraining('a', 'LEARNED', a)),
        ...[0.8, 0.81, 0.82].map((a) => retraining('a', 'WIDTH_MULTIPLIER', a)),
      ]),
      3,
    );
    expect(row!.gain).toBeCloseTo(0.03, 12);
    expect(row!.beats).toBe(false);
  });

  it('pairs a learned retraining with the baseline of the same seed', () => {
    const rows = [
      ...[0.85, 0.8, 0.9].map((a, i) => ({ ...retraining('a', 'LEARNED', a), seed: i })),
      ...[0.84, 0.78, 0.87].map((a, i) => ({ ...retraining('a', 'WIDTH_MULTIPLIER', a), seed: i })),
      { ...retraining('a', 'LEARNED', 0.99), seed: 7 }, // no baseline with seed 7: unpaired
    ];
    const [row] = compareRows(family(rows), 3);
    // Differences 0.01, 0.02, 0.03: the seeds' shared noise cancels.
    expect(row!.paired!.mean).toBeCloseTo(0.02, 12);
    expect(row!.paired!.sd).toBeCloseTo(0.01, 12);
    expect(row!.paired!.n).toBe(3);
  });

  it('leaves the verdict open while retrainings run', () => {
    const [row] = compareRows(
      family([
        retraining('a', 'LEARNED', 0.85),
        retraining('a', 'LEARNED', null),
        retraining('a', 'WIDTH_MULTIPLIER', 0.8),
      ]),
      3,
    );
    expect(row!.learned).toEqual({ mean: 0.85, sd: null, n: 1 });
    expect(row!.beats).toBeNull();
    expect(row!.finished).toBe(2);
  });
});

describe('retrainedPoints and familyComparison', () => {
  it('groups retrainings by source run, cost as a fraction of the seed, skipping unfinished ones', () => {
    const f = family(
      [
        retraining('a', 'LEARNED', 0.8, 250),
        retraining('a', 'LEARNED', 0.82, 250),
        retraining('b', 'LEARNED', null),
      ],
      ['a', 'b'],
    );
    expect(retrainedPoints([f], 'LEARNED')).toEqual([{ cost: 0.25, accuracies: [0.8, 0.82] }]);
  });

  it("measures a family's learned points against the baselines of every family", () => {
    const gamma = family([
      retraining('a', 'LEARNED', 0.86, 400),
      retraining('a', 'WIDTH_MULTIPLIER', 0.8, 200),
    ]);
    const figs = {
      ...family([retraining('c', 'WIDTH_MULTIPLIER', 0.9, 800)], ['c']),
      family: 'logistic-sigmoid',
    };
    const cmp = familyComparison(gamma, [gamma, figs]);
    // The uniform curve runs from (0.2, 0.80) to (0.8, 0.90); at 0.4 it is halfway in log cost.
    expect(cmp.uniform).toEqual([
      { cost: 0.2, accuracy: 0.8 },
      { cost: 0.8, accuracy: 0.9 },
    ]);
    expect(cmp.accuracyGained!.mean).toBeCloseTo(0.86 - 0.85, 12);
  });
});
