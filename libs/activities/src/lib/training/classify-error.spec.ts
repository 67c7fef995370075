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

  it('treats allocation failures as OUT_OF_MEMORY and shape mismatches as INVALID_CONFIG, never retried', () => {
    // What a conv of 10^9 filters threw on every attempt (issue 13), retried as infrastructure.
    for (const error of [
      new RangeError('Invalid typed array length: 9000000000'),
      new RangeError('Invalid array buffer length'),
      new RangeError('Array buffer allocation failed'),
      new Error('OOM when allocating tensor with shape[4096,1000000000]'),
      Object.assign(new Error('resource exhausted'), { name: 'ResourceExhaustedError' }),
    ]) {
      expect(classifyError(error), error.message).toMatchObject({
        code: 'OUT_OF_MEMORY',
        permanent: true,
      });
    }
    for (const message of [
      'Error in matMul: inner shapes (10) and (12) of Tensors with shapes 4,10 and 12,3 and transposeA=false and transposeB=false must match.',
      'Operands could not be broadcast together with shapes 4,4 and 3,3.',
      'Based on the provided shape, [3,3], the tensor should have 9 values but has 8',
      'Size(12) must match the product of shape 5',
      'Error in concat2D: Shape of tensors[1] (4,3) does not match the shape of the rest (4,2) along the non-concatenated axis 1.',
    ]) {
      expect(classifyError(new Error(message)), message).toMatchObject({
        code: 'INVALID_CONFIG',
        permanent: true,
      });
    }
  });
});
