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
    const runs = [
      run(120),
      run(260),
      run(480),
      run(700),
      run(900),
      run(500, { paretoOptimal: false }),
    ];
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
    const runs = [run(200), run(900)];
    expect(selectFrontierRuns(runs, SEED, [0.25, 0.5, 0.75])).toEqual([
      { target: 0.25, runId: runs[0]!.id, fraction: 0.2, onFrontier: true },
      { target: 0.75, runId: runs[1]!.id, fraction: 0.9, onFrontier: true },
    ]);
  });

  it('serves a target the frontier cannot serve with the nearest other run, marked off the frontier', () => {
    // Medium's Gamma sweep: 25 % dominated 37 % and 58 % by proxy accuracy.
    const runs = [
      run(805),
      run(579, { paretoOptimal: false }),
      run(365, { paretoOptimal: false }),
      run(252),
    ];
    expect(selectFrontierRuns(runs, SEED, [0.25, 0.5, 0.75])).toEqual([
      { target: 0.25, runId: runs[3]!.id, fraction: 0.252, onFrontier: true },
      { target: 0.5, runId: runs[1]!.id, fraction: 0.579, onFrontier: false },
      { target: 0.75, runId: runs[0]!.id, fraction: 0.805, onFrontier: true },
    ]);
  });

  it('keeps promoted choices and fills only the free targets', () => {
    const runs = [run(240), run(260), run(500)];
    const kept = [{ target: 0.25, runId: runs[1]!.id, fraction: 0.26 }];
    expect(selectFrontierRuns(runs, SEED, [0.25, 0.5], kept)).toEqual([
      kept[0],
      { target: 0.5, runId: runs[2]!.id, fraction: 0.5, onFrontier: true },
    ]);
  });

  it('lets a run stand only for a target within a factor of 1.5, kept choices too', () => {
    // Medium's FiGS structures: all at 88–89 % of the seed.
    const runs = [run(894), run(876), run(880)];
    const kept = [{ target: 0.5, runId: runs[1]!.id, fraction: 0.876 }];
    expect(selectFrontierRuns(runs, SEED, [0.25, 0.5, 0.75], kept)).toEqual([
      { target: 0.75, runId: runs[1]!.id, fraction: 0.876, onFrontier: true },
    ]);
  });

  it('skips runs not succeeded, without cost or that pruned (almost) nothing', () => {
    const runs = [run(250, { status: 'FAILED' }), run(null), run(960), run(330)];
    const picked = selectFrontierRuns(runs, SEED, [0.25, 0.75]);
    expect(picked).toEqual([
      { target: 0.25, runId: runs[3]!.id, fraction: 0.33, onFrontier: true },
    ]);
  });

  it('rejects a seed cost that is not positive', () => {
    expect(() => selectFrontierRuns([], 0, [0.5])).toThrow(/seed cost must be positive/);
  });
});
