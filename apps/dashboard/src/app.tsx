import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Link, Route, Routes } from 'react-router';
import type { ApiClient } from './api/api-client';
import { ApiClientProvider } from './api/api-client.provider';
import { useLiveUpdates } from './api/use-live-updates';
import { DatasetsPage } from './features/datasets/datasets.page';
import { RunPage } from './features/runs/run.page';
import { SubmitSweepPage } from './features/sweeps/submit-sweep.page';
import { SweepPage } from './features/sweeps/sweep.page';
import { SweepsPage } from './features/sweeps/sweeps.page';

/** The dashboard: routes, data client, layout. */
export function App({
  client,
  queryClient = new QueryClient(),
}: {
  client: ApiClient;
  queryClient?: QueryClient;
}) {
  return (
    <ApiClientProvider client={client}>
      <QueryClientProvider client={queryClient}>
        <LiveUpdates />
        <BrowserRouter>
          <header className="top">
            <Link to="/" className="brand">
              MorphSweep
            </Link>
            <nav aria-label="main">
              <Link to="/">Sweeps</Link>
              <Link to="/sweeps/new">New sweep</Link>
              <Link to="/datasets">Datasets</Link>
              <a href="/api/docs">API</a>
            </nav>
          </header>
          <main>
            <Routes>
              <Route path="/" element={<SweepsPage />} />
              <Route path="/sweeps/new" element={<SubmitSweepPage />} />
              <Route path="/sweeps/:id" element={<SweepPage />} />
              <Route path="/runs/:id" element={<RunPage />} />
              <Route path="/datasets" element={<DatasetsPage />} />
              <Route
                path="*"
                element={
                  <p>
                    Nothing here. <Link to="/">Back to the sweeps</Link>
                  </p>
                }
              />
            </Routes>
          </main>
        </BrowserRouter>
      </QueryClientProvider>
    </ApiClientProvider>
  );
}

function LiveUpdates() {
  useLiveUpdates();
  return null;
}
