import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

/** The part of `EventSource` the live updates use (a fake one in tests). */
export type LiveEventSource = Pick<EventSource, 'addEventListener' | 'close'>;

/**
 * Refreshes exactly the cached queries a change of `source` touches: for a run, its sweep,
 * the sweep's runs, the run and the sweeps list; for a retraining, the sweep's retrainings
 * (its chart points and table). After a dropped connection (`error`), the next `open` is a
 * reconnect: the API resumes after the browser's `Last-Event-ID`, but changes may have been
 * missed all the same (a resume far behind is bounded, a late commit before the drop, another
 * API replica), so every query is refetched then. Returns the function that stops following.
 */
export function followLiveUpdates(source: LiveEventSource, queryClient: QueryClient): () => void {
  let dropped = false;
  source.addEventListener('error', () => {
    dropped = true;
  });
  source.addEventListener('open', () => {
    if (!dropped) return;
    dropped = false;
    void queryClient.invalidateQueries();
  });
  source.addEventListener('run', (event) => {
    const run = JSON.parse((event as MessageEvent<string>).data) as {
      id: string;
      sweepId: string;
    };
    void queryClient.invalidateQueries({ queryKey: ['sweeps'] });
    void queryClient.invalidateQueries({ queryKey: ['sweep', run.sweepId] });
    void queryClient.invalidateQueries({ queryKey: ['runs', run.sweepId] });
    void queryClient.invalidateQueries({ queryKey: ['run', run.id] });
    void queryClient.invalidateQueries({ queryKey: ['retrainings', run.sweepId] });
  });
  source.addEventListener('retraining', (event) => {
    const retraining = JSON.parse((event as MessageEvent<string>).data) as { sweepId: string };
    void queryClient.invalidateQueries({ queryKey: ['retrainings', retraining.sweepId] });
  });
  return () => source.close();
}

/**
 * Follows the API's event stream (`/api/events`) with {@link followLiveUpdates}. EventSource
 * reconnects by itself after a dropped connection, sending the last event's id.
 */
export function useLiveUpdates(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    return followLiveUpdates(new EventSource('/api/events'), queryClient);
  }, [queryClient]);
}
