import { describe, expect, it } from 'vitest';
import { selectRetrainings, type FrontierCandidate } from './retraining-selection';

const run = (runId: string, accuracy: number, cost: number, structureHash = runId) =>
  ({ runId, accuracy, cost, structureHash }) satisfies FrontierCandidate;

describe('selectRetrainings', () => {
  it('takes the top K by accuracy', () => {
    const frontier = [run('a', 0.7, 10), run('b', 0.9, 30), run('c', 0.8, 20)];
    expect(selectRetrainings(frontier, { topK: 2, baseline: false })).toEqual([
      { runId: 'b', structureHash: 'b', baseline: false },
      { runId: 'c', structureHash: 'c', baseline: false },
    ]);
  });

  it('breaks accuracy ties by the cheaper run, then frontier order', () => {
    const frontier = [run('x', 0.8, 20), run('y', 0.8, 10), run('z', 0.8, 10)];
    expect(selectRetrainings(frontier, { topK: 3, baseline: true }).map((c) => c.runId)).toEqual([
      'y',
      'z',
      'x',
    ]);
  });

  it('retrains one run per structure hash, filling K from the next structures', () => {
    const frontier = [run('a', 0.9, 30, 'h1'), run('b', 0.85, 25, 'h1'), run('c', 0.8, 20, 'h2')];
    expect(selectRetrainings(frontier, { topK: 2, baseline: false }).map((c) => c.runId)).toEqual([
      'a',
      'c',
    ]);
  });

  it('carries the baseline policy to every choice', () => {
    const choices = selectRetrainings([run('a', 0.9, 1), run('b', 0.8, 1)], {
      topK: 5,
      baseline: true,
    });
    expect(choices.every((c) => c.baseline)).toBe(true);
  });

  it('selects nothing for K = 0 and leaves the frontier unsorted', () => {
    const frontier = [run('a', 0.7, 10), run('b', 0.9, 30)];
    expect(selectRetrainings(frontier, { topK: 0, baseline: false })).toEqual([]);
    expect(frontier.map((f) => f.runId)).toEqual(['a', 'b']);
  });
});
