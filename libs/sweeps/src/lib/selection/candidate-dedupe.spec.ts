import { describe, expect, it } from 'vitest';
import { candidateFrontier, dedupeCandidates, type CandidateStructure } from './candidate-dedupe';

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

describe('candidateFrontier', () => {
  it('is the frontier of one point per structure, each from the run standing for it', () => {
    const frontier = candidateFrontier([
      c('r1', 50, 0.01, 'wide', 900, 0.9),
      c('r1', 100, 0.1, 'narrow', 300, 0.7),
      // The same narrow structure read at another threshold of another run, more accurate.
      c('r2', 100, 0.01, 'narrow', 300, 0.75),
      c('r2', 100, 0.1, 'dominated', 600, 0.7),
      c('r3', 100, 0.1, 'unmeasured', 100, null),
    ]);
    expect(frontier).toEqual([
      { runId: 'r2', cost: 300, accuracy: 0.75, structureHash: 'narrow' },
      { runId: 'r1', cost: 900, accuracy: 0.9, structureHash: 'wide' },
    ]);
  });
});
