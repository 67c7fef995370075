import { describe, expect, it } from 'vitest';
import { TrainingError } from '@morphsweep/training';
import { classifyError, NonFiniteLossError } from './classify-error';

describe('classifyError', () => {
  it('treats bad configuration, non-finite loss and OOM as permanent', () => {
    const config = Object.assign(new Error('bad'), {
      name: 'TrainingError',
      code: 'INVALID_ARGUMENT',
    });
    expect(classifyError(config)).toMatchObject({ code: 'INVALID_CONFIG', permanent: true });
    expect(classifyError(Object.assign(new Error('x'), { name: 'MorphnetError' }))).toMatchObject({
      code: 'INVALID_CONFIG',
    });
    expect(classifyError(new NonFiniteLossError('loss'))).toMatchObject({
      code: 'NON_FINITE_LOSS',
      permanent: true,
    });
    expect(classifyError(new Error('loss became NaN at step 3'))).toMatchObject({
      code: 'NON_FINITE_LOSS',
    });
    expect(classifyError(new Error('Failed to allocate 1GB'))).toMatchObject({
      code: 'OUT_OF_MEMORY',
      permanent: true,
    });
  });

  it('retries everything else as infrastructure', () => {
    expect(classifyError(new Error('ECONNRESET'))).toEqual({
      code: 'INFRASTRUCTURE',
      message: 'ECONNRESET',
      permanent: false,
    });
    expect(classifyError('boom')).toMatchObject({ code: 'INFRASTRUCTURE', permanent: false });
  });

  it("treats the training loop's DIVERGED error as a non-finite loss, never retried", () => {
    const diverged = new TrainingError(
      'DIVERGED',
      'loss became 2.43 (reg Infinity) at step 1; lower the learning rate or strength',
    );
    expect(classifyError(diverged)).toMatchObject({ code: 'NON_FINITE_LOSS', permanent: true });
  });
});
