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

/** The runs of a sweep: sortable (server-side), filterable by state, with progress and errors. */
export function RunsTable({
  runs,
  query,
  onQuery,
}: {
  runs: Run[];
  query: RunQuery;
  onQuery: (q: RunQuery) => void;
}) {
  const sortBy = (key: NonNullable<RunQuery['sortBy']>) =>
    onQuery({
      ...query,
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
            onQuery({ ...query, status: (e.target.value || undefined) as RunState | undefined })
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
    </div>
  );
}
