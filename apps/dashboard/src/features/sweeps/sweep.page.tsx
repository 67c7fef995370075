import { useQuery } from '@tanstack/react-query';
import { isCollapsedRun, isFinalRunState, isResumableRun } from '@morphsweep/contracts';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { RunQuery } from '../../api/api-client';
import { useApiClient } from '../../api/api-client.provider';
import { ActionButton } from '../../components/action-button';
import { compact, percent, when } from '../../components/format';
import { StatusBadge } from '../../components/status-badge';
import { ParetoChart } from './pareto-chart';
import { RunsTable } from './runs-table';

/** One sweep: its frontier, its runs, its numbers. */
export function SweepPage() {
  const { id = '' } = useParams();
  const api = useApiClient();
  const [query, setQuery] = useState<RunQuery>({ sortBy: 'cellIndex', order: 'asc', limit: 500 });
  const sweep = useQuery({ queryKey: ['sweep', id], queryFn: () => api.getSweep(id) });
  const runs = useQuery({ queryKey: ['runs', id, query], queryFn: () => api.listRuns(id, query) });
  // The chart always shows every run, whatever the table's filter.
  const retrainings = useQuery({
    queryKey: ['retrainings', id],
    queryFn: () => api.listRetrainings(id),
  });
  const allRuns = useQuery({
    queryKey: ['runs', id, 'all'],
    queryFn: () => api.listRuns(id, { limit: 500 }),
  });

  if (sweep.isError) return <p role="alert">Could not load this sweep: {String(sweep.error)}</p>;
  if (!sweep.data) return <p>Loading…</p>;
  const s = sweep.data;
  // Collapsed cells are counted among the failed ones; the loaded runs say how many (all of
  // them when the sweep has no more than a page of runs).
  const loaded = allRuns.data?.items ?? [];
  const allLoaded = allRuns.data !== undefined && loaded.length === allRuns.data.total;
  const collapsed = loaded.filter(isCollapsedRun).length;
  const resumable = allLoaded
    ? loaded.filter(isResumableRun).length
    : s.counts.FAILED + s.counts.CANCELLED;
  return (
    <section aria-labelledby="sweep-title">
      <div className="page-head">
        <h1 id="sweep-title">{s.name}</h1>
        <StatusBadge status={s.status} />
        <ActionButton
          label="Resume failed runs"
          action={() => api.resumeSweep(id)}
          disabled={resumable === 0}
        />
        <ActionButton
          label="Cancel"
          action={() => api.cancelSweep(id)}
          disabled={isFinalRunState(s.status)}
        />
      </div>
      <dl className="facts">
        <div>
          <dt>Seed cost</dt>
          <dd>
            {compact(s.seedCost)} {s.spec.morphnet.resource}
          </dd>
        </div>
        <div>
          <dt>Regularizer</dt>
          <dd>{s.spec.morphnet.family}</dd>
        </div>
        <div>
          <dt>Runs</dt>
          <dd>
            {s.counts.SUCCEEDED} succeeded · {s.counts.RUNNING} running · {s.counts.QUEUED} queued ·{' '}
            {s.counts.FAILED} failed
            {collapsed > 0 && ` (${allLoaded ? '' : '≥ '}${collapsed} collapsed)`} ·{' '}
            {s.counts.CANCELLED} cancelled
          </dd>
        </div>
        <div>
          <dt>Hypervolume</dt>
          <dd>{s.pareto ? compact(s.pareto.hypervolume) : '—'}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{when(s.createdAt)}</dd>
        </div>
      </dl>
      <h2>Pareto frontier</h2>
      <ParetoChart
        sweep={s}
        runs={allRuns.data?.items ?? []}
        retrainings={retrainings.data?.items ?? []}
      />
      <h2>Runs</h2>
      <RunsTable runs={runs.data?.items ?? []} query={query} onQuery={setQuery} />
      <h2>Retrainings</h2>
      {(retrainings.data?.items.length ?? 0) === 0 ? (
        <p className="chart-empty">None yet: promote a run, or use the auto retrain policy.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Source run</th>
                <th scope="col">Kind</th>
                <th scope="col">Trigger</th>
                <th scope="col">Status</th>
                <th scope="col">Proxy accuracy</th>
                <th scope="col">Retrained accuracy</th>
                <th scope="col">Cost</th>
                <th scope="col">Parameters</th>
              </tr>
            </thead>
            <tbody>
              {retrainings.data?.items.map((r) => {
                const source = allRuns.data?.items.find((run) => run.id === r.sourceRunId);
                return (
                  <tr key={r.id}>
                    <td>
                      {r.sourceRunId ? (
                        <Link to={`/runs/${r.sourceRunId}`}>
                          {source ? `run #${source.cellIndex}` : 'run'}
                        </Link>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td>
                      {r.kind === 'LEARNED' ? 'learned structure' : 'width-multiplier baseline'}
                    </td>
                    <td>{r.trigger.toLowerCase()}</td>
                    <td>
                      <StatusBadge status={r.status} />
                      {r.error && <div className="error-cell">{r.error}</div>}
                    </td>
                    <td>{r.kind === 'LEARNED' ? percent(source?.accuracy ?? null) : '—'}</td>
                    <td>{percent(r.finalAccuracy)}</td>
                    <td>{compact(r.measuredCost)}</td>
                    <td>{compact(r.parameters)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
