import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

/**
 * Follows the API's event stream and refreshes exactly the cached queries a change touches:
 * for a run, its sweep, the sweep's runs, the run and the sweeps list; for a retraining, the
 * sweep's retrainings (its chart points and table). EventSource reconnects by itself after a
 * dropped connection.
 */
export function useLiveUpdates(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/events');
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
  }, [queryClient]);
}
