import { RUN_STATES, type RunState } from '@morphsweep/contracts';
import { Link } from 'react-router';
import type { RunQuery } from '../../api/api-client';
import type { Run } from '../../api/types';
import { compact, percent, scientific } from '../../components/format';
import { ProgressBar } from '../../components/progress-bar';
import { StatusBadge } from '../../components/status-badge';

const SORTABLE: Array<{ key: NonNullable<RunQuery['sortBy']>; label: string }> = [
  { key: 'cellIndex', label: 'Cell' },
  { key: 'status', label: 'Status' },
  { key: 'cost', label: 'Cost' },
  { key: 'accuracy', label: 'Accuracy' },
];

/**
 * One page of the runs of a sweep: sortable and filterable by state (server-side, back to
 * the first page on each change), with progress and errors, and a pager over the rest, so
 * a sweep of 10,000 runs renders one page of rows, not 10,000.
 */
export function RunsTable({
  runs,
  total,
  query,
  onQuery,
}: {
  runs: Run[];
  total: number;
  query: RunQuery;
  onQuery: (q: RunQuery) => void;
}) {
  const sortBy = (key: NonNullable<RunQuery['sortBy']>) =>
    onQuery({
      ...query,
      offset: 0,
      sortBy: key,
      order: query.sortBy === key && query.order === 'asc' ? 'desc' : 'asc',
    });
  const header = (c: (typeof SORTABLE)[number]) => (
    <th
      key={c.key}
      scope="col"
      aria-sort={
        query.sortBy === c.key ? (query.order === 'desc' ? 'descending' : 'ascending') : 'none'
      }
    >
      <button type="button" className="link" onClick={() => sortBy(c.key)}>
        {c.label}
      </button>
    </th>
  );
  return (
    <div>
      <label className="inline">
        Show{' '}
        <select
          value={query.status ?? ''}
          onChange={(e) =>
            onQuery({
              ...query,
              offset: 0,
              status: (e.target.value || undefined) as RunState | undefined,
            })
          }
        >
          <option value="">all runs</option>
          {RUN_STATES.map((s) => (
            <option key={s} value={s}>
              {s.toLowerCase()}
            </option>
          ))}
        </select>
      </label>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              {SORTABLE.slice(0, 2).map(header)}
              <th scope="col">Strength</th>
              <th scope="col">Threshold</th>
              <th scope="col">Progress</th>
              {SORTABLE.slice(2).map(header)}
              <th scope="col">Frontier</th>
              <th scope="col">Error</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={`/runs/${r.id}`}>#{r.cellIndex}</Link>
                </td>
                <td>
                  <StatusBadge status={r.status} errorCode={r.errorCode} />
                </td>
                <td>{scientific(r.strength)}</td>
                <td>{r.threshold}</td>
                <td>
                  <ProgressBar value={r.progress} label={`run ${r.cellIndex} progress`} />
                </td>
                <td>{compact(r.cost)}</td>
                <td>{percent(r.accuracy)}</td>
                <td>{r.paretoOptimal ? '◆' : ''}</td>
                <td className="error-cell">{r.error ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager total={total} query={query} onQuery={onQuery} />
    </div>
  );
}

function Pager({
  total,
  query,
  onQuery,
}: {
  total: number;
  query: RunQuery;
  onQuery: (q: RunQuery) => void;
}) {
  const offset = query.offset ?? 0;
  const limit = query.limit ?? 50;
  if (total <= limit && offset === 0) return null;
  return (
    <nav className="pager" aria-label="runs pages">
      <button
        type="button"
        disabled={offset === 0}
        onClick={() => onQuery({ ...query, offset: Math.max(offset - limit, 0) })}
      >
        Previous
      </button>
      <span>
        {total === 0 ? 0 : offset + 1}–{Math.min(offset + limit, total)} of{' '}
        {total.toLocaleString('en')}
      </span>
      <button
        type="button"
        disabled={offset + limit >= total}
        onClick={() => onQuery({ ...query, offset: offset + limit })}
      >
        Next
      </button>
    </nav>
  );
}
