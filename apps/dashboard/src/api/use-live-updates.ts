import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

/**
 * Follows the API's event stream and refreshes exactly the cached queries a run change
 * touches (its sweep, the sweep's runs, the run, the sweeps list). EventSource reconnects by
 * itself after a dropped connection.
 */
export function useLiveUpdates(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/events');
    source.addEventListener('run', (event) => {
      const run = JSON.parse((event as MessageEvent<string>).data) as { id: string; sweepId: string };
      void queryClient.invalidateQueries({ queryKey: ['sweeps'] });
      void queryClient.invalidateQueries({ queryKey: ['sweep', run.sweepId] });
      void queryClient.invalidateQueries({ queryKey: ['runs', run.sweepId] });
      void queryClient.invalidateQueries({ queryKey: ['run', run.id] });
      void queryClient.invalidateQueries({ queryKey: ['retrainings', run.sweepId] });
    });
    return () => source.close();
  }, [queryClient]);
}
