import { describe, expect, it } from 'vitest';
import { checkTrajectory, trajectoryDigest } from './training.trajectory';

describe(checkTrajectory.name, () => {
  const trajectory = { network: 'abc', epochs: 3, seed: 11, dataset: { kind: 'synthetic' } };

  it('accepts a checkpoint of the same trajectory, whatever its key order', () => {
    const recorded = {
      trajectory: { seed: 11, dataset: { kind: 'synthetic' }, epochs: 3, network: 'abc' },
    };
    expect(() => checkTrajectory(trajectory, recorded, 'retraining')).not.toThrow();
  });

  it('names every differing field in the expected order', () => {
    const recorded = { trajectory: { ...trajectory, seed: 12, epochs: 1 } };
    expect(() => checkTrajectory(trajectory, recorded, 'retraining')).toThrow(
      expect.objectContaining({
        code: 'CHECKPOINT_MISMATCH',
        message: 'checkpoint was written by a retraining with another epochs, seed',
      }),
    );
  });

  it('treats a missing trajectory as differing in every field', () => {
    expect(() => checkTrajectory(trajectory, {}, 'run')).toThrow(
      /another network, epochs, seed, dataset$/,
    );
  });

  it("checks a v1 checkpoint's digest by the same rule", () => {
    const configHash = trajectoryDigest({ ...trajectory });
    expect(() => checkTrajectory(trajectory, { configHash }, 'run')).not.toThrow();
    expect(() =>
      checkTrajectory({ ...trajectory, seed: 1 }, { configHash }, 'structure-learning run'),
    ).toThrow(
      expect.objectContaining({
        code: 'CHECKPOINT_MISMATCH',
        message: expect.stringMatching(
          /^checkpoint was written by a structure-learning run with another network, epochs, seed, dataset \(one or more/,
        ),
      }),
    );
  });
});

describe(trajectoryDigest.name, () => {
  it('is the sha256 of the sorted-key JSON', () => {
    expect(trajectoryDigest({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe(
      trajectoryDigest({ a: [2, { c: 4, d: 3 }], b: 1 }),
    );
    expect(trajectoryDigest({ a: 1 })).not.toBe(trajectoryDigest({ a: 2 }));
    expect(trajectoryDigest({ a: 1 })).toMatch(/^[0-9a-f]{64}$/);
  });
});
