import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { isCollapsedRun, isFinalRunState, isResumableRun } from '@morphsweep/contracts';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { RunQuery } from '../../api/api-client';
import { useApiClient } from '../../api/api-client.provider';
import { ActionButton } from '../../components/action-button';
import { compact, percent, when } from '../../components/format';
import { StatusBadge } from '../../components/status-badge';
import { ParetoChart } from './pareto-chart';
import { RetrainedGroups } from './retrained-groups';
import { RunsTable } from './runs-table';
import { UniformComparison } from './uniform-comparison';

// Rows of the runs table per page.
const RUNS_PAGE = 100;

/** One sweep: its frontier, its runs, its numbers. */
export function SweepPage() {
  const { id = '' } = useParams();
  const api = useApiClient();
  const [query, setQuery] = useState<RunQuery>({
    sortBy: 'cellIndex',
    order: 'asc',
    limit: RUNS_PAGE,
  });
  const sweep = useQuery({ queryKey: ['sweep', id], queryFn: () => api.getSweep(id) });
  const runs = useQuery({
    queryKey: ['runs', id, query],
    queryFn: () => api.listRuns(id, query),
    placeholderData: keepPreviousData,
  });
  const retrainings = useQuery({
    queryKey: ['retrainings', id],
    queryFn: () => api.listRetrainings(id),
  });
  // The chart shows every run, whatever the table's page and filter: one narrow row each.
  const points = useQuery({
    queryKey: ['runs', id, 'points'],
    queryFn: () => api.listRunPoints(id),
  });
  const byId = useMemo(() => new Map((points.data ?? []).map((p) => [p.id, p])), [points.data]);

  if (sweep.isError) return <p role="alert">Could not load this sweep: {String(sweep.error)}</p>;
  if (!sweep.data) return <p>Loading…</p>;
  const s = sweep.data;
  // Collapsed cells are counted among the failed ones; the points say how many.
  const all = points.data ?? [];
  const collapsed = all.filter(isCollapsedRun).length;
  const resumable = points.data
    ? all.filter(isResumableRun).length
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
            {collapsed > 0 && ` (${collapsed} collapsed)`} · {s.counts.CANCELLED} cancelled
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
      <ParetoChart sweep={s} runs={all} retrainings={retrainings.data?.items ?? []} />
      <h2>Learned frontier against uniform scaling</h2>
      <UniformComparison
        retrainings={retrainings.data?.items ?? []}
        resource={s.spec.morphnet.resource}
      />
      <RetrainedGroups retrainings={retrainings.data?.items ?? []} />
      <h2>Runs</h2>
      <RunsTable
        runs={runs.data?.items ?? []}
        total={runs.data?.total ?? 0}
        query={query}
        onQuery={setQuery}
      />
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
                <th scope="col">Replica</th>
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
                const source = r.sourceRunId ? byId.get(r.sourceRunId) : undefined;
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
                    <td>
                      {r.replica} <small>seed {r.seed}</small>
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
