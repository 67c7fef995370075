import { describe, expect, it } from 'vitest';
import type { StudyRun } from './results';
import { selectFrontierRuns } from './selection';

const SEED = 1000;
let next = 0;
function run(cost: number | null, extra: Partial<StudyRun> = {}): StudyRun {
  next += 1;
  return {
    id: `run-${next}`,
    strength: 1e-3,
    threshold: 0.1,
    status: 'SUCCEEDED',
    cost,
    accuracy: 0.8,
    structure: null,
    structureHash: `hash-${next}`,
    paretoOptimal: true,
    errorCode: null,
    startedAt: null,
    finishedAt: null,
    ...extra,
  };
}

describe('selectFrontierRuns', () => {
  it('takes, for each target, the frontier run nearest to it in log cost', () => {
    const runs = [run(120), run(260), run(480), run(700), run(900)];
    const picked = selectFrontierRuns(runs, SEED, [0.25, 0.5, 0.75]);
    expect(picked.map((p) => p.runId)).toEqual([runs[1]!.id, runs[2]!.id, runs[3]!.id]);
    expect(picked.map((p) => p.fraction)).toEqual([0.26, 0.48, 0.7]);
  });

  it('measures nearness by ratio, not difference: 34 % is nearer 25 % than 18 % is', () => {
    // |log(0.18/0.25)| = 0.33 and |log(0.34/0.25)| = 0.31 (by difference 18 % would win).
    const runs = [run(180), run(340)];
    expect(selectFrontierRuns(runs, SEED, [0.25])[0]!.runId).toBe(runs[1]!.id);
  });

  it('never gives one run or one structure to two targets', () => {
    const runs = [
      run(500),
      run(510, { structureHash: 'same' }),
      run(520, { structureHash: 'same' }),
    ];
    // 0.6 takes the nearer of the two equal structures (52 %); 0.7 gets none of them.
    const picked = selectFrontierRuns(runs, SEED, [0.5, 0.6, 0.7]);
    expect(picked.map((p) => p.runId)).toEqual([runs[0]!.id, runs[2]!.id]);
  });

  it('gives a lone run to the target it is nearest to, not to the first target', () => {
    const runs = [run(110), run(900)];
    expect(selectFrontierRuns(runs, SEED, [0.25, 0.5, 0.75])).toEqual([
      { target: 0.25, runId: runs[0]!.id, fraction: 0.11 },
      { target: 0.75, runId: runs[1]!.id, fraction: 0.9 },
    ]);
  });

  it('skips runs off the frontier, not succeeded, without cost or that pruned (almost) nothing', () => {
    const runs = [
      run(250, { paretoOptimal: false }),
      run(250, { status: 'FAILED' }),
      run(null),
      run(960),
      run(400),
    ];
    const picked = selectFrontierRuns(runs, SEED, [0.25, 0.75]);
    expect(picked).toEqual([{ target: 0.25, runId: runs[4]!.id, fraction: 0.4 }]);
  });

  it('rejects a seed cost that is not positive', () => {
    expect(() => selectFrontierRuns([], 0, [0.5])).toThrow(/seed cost must be positive/);
  });
});
