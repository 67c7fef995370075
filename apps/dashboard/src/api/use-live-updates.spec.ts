import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import { followLiveUpdates, type LiveEventSource } from './use-live-updates';

/** An EventSource stand-in whose events the test fires. */
function fakeSource() {
  const target = new EventTarget();
  const source: LiveEventSource = {
    addEventListener: target.addEventListener.bind(target) as LiveEventSource['addEventListener'],
    close: vi.fn(),
  };
  const fire = (type: string, data?: unknown) =>
    target.dispatchEvent(
      data === undefined ? new Event(type) : new MessageEvent(type, { data: JSON.stringify(data) }),
    );
  return { source, fire };
}

describe('followLiveUpdates', () => {
  it('refetches every query when the stream reopens after an error, not on the first open', () => {
    const queryClient = new QueryClient();
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
    const { source, fire } = fakeSource();
    followLiveUpdates(source, queryClient);
    fire('open');
    expect(invalidate).not.toHaveBeenCalled();
    fire('error');
    fire('open');
    expect(invalidate).toHaveBeenCalledTimes(1);
    expect(invalidate).toHaveBeenCalledWith();
    fire('open'); // an open without a drop before it refetches nothing
    expect(invalidate).toHaveBeenCalledTimes(1);
  });

  it('refreshes the queries a run change touches, and closes the stream when stopped', () => {
    const queryClient = new QueryClient();
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
    const { source, fire } = fakeSource();
    const stop = followLiveUpdates(source, queryClient);
    fire('run', { id: 'r1', sweepId: 's1' });
    expect(invalidate.mock.calls.map(([filters]) => filters?.queryKey)).toEqual([
      ['sweeps'],
      ['sweep', 's1'],
      ['runs', 's1'],
      ['run', 'r1'],
      ['retrainings', 's1'],
    ]);
    stop();
    expect(source.close).toHaveBeenCalled();
  });
});
