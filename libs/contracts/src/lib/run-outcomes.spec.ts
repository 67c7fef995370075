import { describe, expect, it } from 'vitest';
import { isCollapsedRun, isResumableRun } from './run-outcomes';

describe('run outcomes', () => {
  it('a FAILED run that collapsed is finished: collapsed, not resumable', () => {
    const collapsed = { status: 'FAILED', errorCode: 'STRUCTURE_COLLAPSED' } as const;
    expect([isCollapsedRun(collapsed), isResumableRun(collapsed)]).toEqual([true, false]);
  });

  it('other failures and cancellations are resumable; other states are neither', () => {
    const cases = [
      [{ status: 'FAILED', errorCode: 'INFRASTRUCTURE' }, false, true],
      [{ status: 'FAILED', errorCode: null }, false, true],
      [{ status: 'FAILED', errorCode: 'NON_FINITE_LOSS' }, false, true],
      [{ status: 'CANCELLED', errorCode: 'CANCELLED' }, false, true],
      [{ status: 'SUCCEEDED' }, false, false],
      [{ status: 'QUEUED', errorCode: 'STRUCTURE_COLLAPSED' }, false, false],
    ] as const;
    for (const [run, collapsed, resumable] of cases) {
      expect([isCollapsedRun(run), isResumableRun(run)]).toEqual([collapsed, resumable]);
    }
  });
});
