import { describe, expect, it } from 'vitest';
import { structureHash, type LearnMetricPoint } from '@morphsweep/training';
import { candidatesOf } from './run-candidates';

const run = { id: 'run-1', sweepId: 'sweep-1', threshold: 0.1 };
const point = (step: number, extra: Partial<LearnMetricPoint> = {}): LearnMetricPoint => ({
  step,
  taskLoss: 1,
  regLoss: 1,
  cost: 500,
  ...extra,
});

describe('candidatesOf', () => {
  it('gives every evaluation point’s structure at the run’s threshold and the others', () => {
    const narrow = { a: 2, b: 4 };
    const rows = candidatesOf(run, [
      point(5),
      point(10, {
        accuracy: 0.8,
        aliveCounts: { a: 4, b: 8 },
        atThresholds: [
          { threshold: 0.5, aliveCounts: narrow, cost: 120, collapsed: false },
          { threshold: 0.9, aliveCounts: { a: 0, b: 8 }, cost: 0, collapsed: true },
        ],
      }),
    ]);
    expect(rows).toEqual([
      {
        runId: 'run-1',
        sweepId: 'sweep-1',
        step: 10,
        threshold: 0.1,
        structure: { a: 4, b: 8 },
        structureHash: structureHash({ a: 4, b: 8 }),
        cost: 500,
        accuracy: 0.8,
      },
      {
        runId: 'run-1',
        sweepId: 'sweep-1',
        step: 10,
        threshold: 0.5,
        structure: narrow,
        structureHash: structureHash(narrow),
        cost: 120,
        accuracy: 0.8,
      },
    ]);
  });

  it('hashes equal structures alike, whatever threshold or step gave them', () => {
    const rows = candidatesOf(run, [
      point(10, {
        aliveCounts: { a: 4 },
        atThresholds: [{ threshold: 0.2, aliveCounts: { a: 4 }, cost: 500, collapsed: false }],
      }),
      point(20, { aliveCounts: { a: 4 } }),
    ]);
    expect(new Set(rows.map((r) => r.structureHash)).size).toBe(1);
    expect(rows.map((r) => [r.step, r.threshold])).toEqual([
      [10, 0.1],
      [10, 0.2],
      [20, 0.1],
    ]);
  });
});
