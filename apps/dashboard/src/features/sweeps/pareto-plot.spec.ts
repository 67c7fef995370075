import { describe, expect, it } from 'vitest';
import type { Retraining, RunPoint } from '../../api/types';
import { chartMarks, nearestMark, plotScales, runOfMark } from './pareto-plot';

const AREA = { left: 50, top: 10, width: 400, height: 200 };

function run(i: number, over: Partial<RunPoint> = {}): RunPoint {
  return {
    id: `run-${i}`,
    cellIndex: i,
    strength: 1e-6,
    threshold: 0.1,
    status: 'SUCCEEDED',
    errorCode: null,
    cost: 100 * (i + 1),
    accuracy: 0.5,
    paretoOptimal: false,
    ...over,
  };
}

describe('plotScales', () => {
  it('maps costs on a log axis with a factor-2 margin, accuracy upwards', () => {
    const s = plotScales([10, 1000], AREA);
    expect(s.domain).toEqual([5, 2000]);
    expect(s.x(5)).toBeCloseTo(50);
    expect(s.x(2000)).toBeCloseTo(450);
    // Equal ratios, equal distances.
    expect(s.x(100) - s.x(10)).toBeCloseTo(s.x(1000) - s.x(100));
    expect(s.y(1)).toBe(10);
    expect(s.y(0)).toBe(210);
  });

  it('keeps a non-degenerate axis when every run has one cost', () => {
    const s = plotScales([300, 300], AREA);
    expect(s.domain).toEqual([150, 600]);
    expect(s.x(300)).toBeCloseTo(250);
  });
});

describe('chartMarks', () => {
  it('places runs with a cost and accuracy, optimal ones apart, and succeeded retrainings by their run', () => {
    const runs = [
      run(0),
      run(1, { paretoOptimal: true, accuracy: 0.9 }),
      run(2, { cost: null, accuracy: null, status: 'QUEUED' }),
      run(3, { cost: 0 }),
    ];
    const retraining = {
      id: 't1',
      kind: 'LEARNED',
      status: 'SUCCEEDED',
      measuredCost: 200,
      finalAccuracy: 0.95,
      sourceRunId: 'run-1',
    } as Retraining;
    const queued = { ...retraining, id: 't2', status: 'RUNNING' } as Retraining;
    const { marks } = chartMarks(runs, [retraining, queued], { seedCost: 1000 }, AREA);
    expect(marks.map((m) => m.kind)).toEqual(['run', 'optimal', 'retrained']);
    const retrained = marks[2]!;
    expect(retrained.kind === 'retrained' && retrained.proxy?.id).toBe('run-1');
    expect(runOfMark(retrained)).toBe('run-1');
    expect(runOfMark(marks[0]!)).toBe('run-0');
  });

  it('has nothing to place before a run finished', () => {
    expect(chartMarks([run(0, { cost: null, accuracy: null })], [], { seedCost: 5 }, AREA)).toEqual(
      {
        marks: [],
        scales: null,
      },
    );
  });
});

describe('nearestMark', () => {
  it('finds the closest mark within the radius among 10,000, and none outside it', () => {
    const runs = Array.from({ length: 10_000 }, (_, i) =>
      run(i, { cost: 10 + i, accuracy: (i % 100) / 100 }),
    );
    const { marks } = chartMarks(runs, [], { seedCost: null }, AREA);
    const target = marks[4321]!;
    expect(nearestMark(marks, target.x + 0.01, target.y)).toBe(target);
    expect(nearestMark(marks, 0, 0)).toBeUndefined();
  });
});
