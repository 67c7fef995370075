import { describe, expect, it } from 'vitest';
import { TrainingError } from '../training.error';
import { Rng } from './rng';

describe(Rng.name, () => {
  it('is deterministic per seed and differs across seeds', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, () => Rng.fromSeed(seed).nextUint32());
    expect(draw(1)).toEqual(draw(1));
    const a = Rng.fromSeed(1);
    const b = Rng.fromSeed(2);
    expect([a.nextUint32(), a.nextUint32()]).not.toEqual([b.nextUint32(), b.nextUint32()]);
  });

  it('resumes exactly from a JSON round trip of its state', () => {
    const rng = Rng.fromSeed(42);
    for (let i = 0; i < 17; i++) rng.nextFloat();
    const resumed = Rng.fromState(JSON.parse(JSON.stringify(rng.state())));
    const expected = Array.from({ length: 100 }, () => rng.nextUint32());
    expect(Array.from({ length: 100 }, () => resumed.nextUint32())).toEqual(expected);
  });

  it('draws floats in [0, 1) with a plausible mean, and shuffles into a permutation', () => {
    const rng = Rng.fromSeed(7);
    const values = Array.from({ length: 10_000 }, () => rng.nextFloat());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.reduce((s, v) => s + v, 0) / values.length).toBeCloseTo(0.5, 1);
    const shuffled = rng.shuffle(Array.from({ length: 50 }, (_, i) => i));
    expect([...shuffled].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(shuffled).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('rejects malformed states', () => {
    expect(() => Rng.fromState({ algorithm: 'xoshiro128**', words: [0, 0, 0, 0] })).toThrow(
      TrainingError,
    );
    expect(() => Rng.fromState({ algorithm: 'mt' as 'xoshiro128**', words: [1, 2, 3, 4] })).toThrow(
      /xoshiro/,
    );
  });
});
