import { describe, expect, it } from 'vitest';
import { logTicks } from './log-ticks';

describe('logTicks', () => {
  it('uses 1-2-5 steps over several decades', () => {
    expect(logTicks([300, 60_000])).toEqual([500, 1000, 2000, 5000, 10_000, 20_000, 50_000]);
  });

  it('falls back to every multiple of the decade inside a narrow range', () => {
    expect(logTicks([436_000, 1_860_000])).toEqual([
      500_000, 600_000, 700_000, 800_000, 900_000, 1_000_000,
    ]);
  });

  it('gives nothing for an empty or non-positive range', () => {
    expect(logTicks([0, 10])).toEqual([]);
    expect(logTicks([5, 5])).toEqual([]);
  });
});
