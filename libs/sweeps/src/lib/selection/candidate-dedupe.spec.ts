import { describe, expect, it } from 'vitest';
import { dedupeCandidates, type CandidateStructure } from './candidate-dedupe';

const c = (
  runId: string,
  step: number,
  threshold: number,
  structureHash: string,
  cost: number,
  accuracy: number | null,
): CandidateStructure => ({ runId, step, threshold, structureHash, cost, accuracy });

describe('dedupeCandidates', () => {
  it('makes one candidate of equal structures, listing every (run, step, threshold)', () => {
    const out = dedupeCandidates([
      c('r2', 100, 0.1, 'same', 300, 0.8),
      c('r1', 100, 0.01, 'same', 300, 0.82),
      c('r1', 50, 0.1, 'same', 300, 0.75),
      c('r1', 100, 0.1, 'other', 500, 0.85),
    ]);
    expect(out).toEqual([
      {
        structureHash: 'same',
        runId: 'r1',
        step: 100,
        threshold: 0.01,
        cost: 300,
        accuracy: 0.82,
        sources: [
          { runId: 'r1', step: 50, threshold: 0.1 },
          { runId: 'r1', step: 100, threshold: 0.01 },
          { runId: 'r2', step: 100, threshold: 0.1 },
        ],
      },
      {
        structureHash: 'other',
        runId: 'r1',
        step: 100,
        threshold: 0.1,
        cost: 500,
        accuracy: 0.85,
        sources: [{ runId: 'r1', step: 100, threshold: 0.1 }],
      },
    ]);
  });

  it('prefers a measured accuracy, then the lower run id, step and threshold', () => {
    const [only] = dedupeCandidates([
      c('r2', 10, 0.1, 'h', 300, 0.8),
      c('r1', 20, 0.1, 'h', 300, null),
      c('r1', 10, 0.5, 'h', 300, 0.8),
      c('r1', 10, 0.2, 'h', 300, 0.8),
    ]);
    expect([only!.runId, only!.step, only!.threshold]).toEqual(['r1', 10, 0.2]);
  });

  it('gives nothing for nothing', () => {
    expect(dedupeCandidates([])).toEqual([]);
  });
});
