import { describe, expect, it } from 'vitest';
import { newestCheckpoint } from './resume-point';

describe(newestCheckpoint.name, () => {
  const heartbeat = { uri: 'file:///a/checkpoint-000000040.bin', step: 40 };
  const db = { uri: 'file:///a/checkpoint-000000050.bin', step: 50 };

  it('takes the newer of the heartbeat and the database checkpoint', () => {
    expect(newestCheckpoint(heartbeat, db)).toEqual(db);
    expect(newestCheckpoint(db, heartbeat)).toEqual(db);
  });

  it('prefers the first candidate on a tie', () => {
    const sameStep = { uri: 'file:///b/checkpoint-000000040.bin', step: 40 };
    expect(newestCheckpoint(heartbeat, sameStep)).toEqual(heartbeat);
  });

  it('skips candidates without a URI or with a step that is not a whole number ≥ 0', () => {
    expect(newestCheckpoint(undefined, heartbeat)).toEqual(heartbeat);
    expect(newestCheckpoint({ step: 90 }, heartbeat)).toEqual(heartbeat);
    expect(newestCheckpoint({ uri: '', step: 90 }, heartbeat)).toEqual(heartbeat);
    expect(newestCheckpoint({ uri: 'x', step: 1.5 }, { uri: 'y', step: -1 })).toBeUndefined();
    expect(newestCheckpoint({ uri: 'x' }, heartbeat)).toEqual(heartbeat);
  });

  it('is undefined when nothing was checkpointed: the attempt starts at step 0', () => {
    expect(newestCheckpoint()).toBeUndefined();
    expect(newestCheckpoint(undefined, undefined)).toBeUndefined();
  });

  it('resumes from a step-0 checkpoint', () => {
    expect(newestCheckpoint({ uri: 'x', step: 0 })).toEqual({ uri: 'x', step: 0 });
  });
});
