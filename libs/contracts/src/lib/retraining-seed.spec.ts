import { describe, expect, it } from 'vitest';
import { retrainingSeed } from './retraining-seed';
import { retrainingWorkflowId } from './workflow-ids';

describe('retrainingSeed', () => {
  it('gives replica 0 the spec seed exactly', () => {
    for (const seed of [0, 1, 42, 2 ** 31 - 1]) expect(retrainingSeed(seed, 0)).toBe(seed);
  });

  it('gives the ten replicas ten distinct seeds, each a valid spec seed, for any spec seed', () => {
    for (const seed of [0, 1, 7, 123_456, 2 ** 30, 2 ** 31 - 2, 2 ** 31 - 1]) {
      const seeds = Array.from({ length: 10 }, (_, r) => retrainingSeed(seed, r));
      expect(new Set(seeds).size).toBe(10);
      for (const s of seeds) {
        expect(Number.isInteger(s)).toBe(true);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(2 ** 31 - 1);
      }
    }
  });

  it('is deterministic and does not make replica 1 of seed s the seed of s + 1', () => {
    expect(retrainingSeed(5, 3)).toBe(retrainingSeed(5, 3));
    expect(retrainingSeed(5, 1)).not.toBe(6);
  });

  it('rejects a replica or seed outside their ranges, naming the value', () => {
    expect(() => retrainingSeed(0, 10)).toThrow(/replica .* got 10/);
    expect(() => retrainingSeed(0, -1)).toThrow(/replica/);
    expect(() => retrainingSeed(0, 1.5)).toThrow(/replica/);
    expect(() => retrainingSeed(2 ** 31, 1)).toThrow(/seed .* got 2147483648/);
  });
});

describe('retrainingWorkflowId', () => {
  it('keeps the ids of replica 0 and suffixes the others', () => {
    expect(retrainingWorkflowId('s', 'h')).toBe('retrain-s-h');
    expect(retrainingWorkflowId('s', 'h', 'WIDTH_MULTIPLIER')).toBe('retrain-s-h-width-multiplier');
    expect(retrainingWorkflowId('s', 'h', 'LEARNED', 0)).toBe('retrain-s-h');
    expect(retrainingWorkflowId('s', 'h', 'LEARNED', 2)).toBe('retrain-s-h-r2');
    expect(retrainingWorkflowId('s', 'h', 'WIDTH_MULTIPLIER', 1)).toBe(
      'retrain-s-h-width-multiplier-r1',
    );
  });
});
