import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApiClient } from '../../api/api-client.provider';
import { when } from '../../components/format';
import { ProgressBar } from '../../components/progress-bar';
import { StatusBadge } from '../../components/status-badge';

/** Every sweep, newest first, with its progress and counts per state. */
export function SweepsPage() {
  const api = useApiClient();
  const sweeps = useQuery({ queryKey: ['sweeps'], queryFn: () => api.listSweeps({ limit: 100 }) });
  return (
    <section aria-labelledby="sweeps-title">
      <div className="page-head">
        <h1 id="sweeps-title">Sweeps</h1>
        <Link className="button" to="/sweeps/new">
          New sweep
        </Link>
      </div>
      {sweeps.isError && <p role="alert">Could not load sweeps: {String(sweeps.error)}</p>}
      {sweeps.data && sweeps.data.items.length === 0 && <p>No sweeps yet. Submit one to start.</p>}
      {sweeps.data && sweeps.data.items.length > 0 && (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Progress</th>
                <th scope="col">Queued / running / done / failed / cancelled</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {sweeps.data.items.map((s) => {
                const done = s.counts.SUCCEEDED + s.counts.FAILED + s.counts.CANCELLED;
                return (
                  <tr key={s.id}>
                    <td>
                      <Link to={`/sweeps/${s.id}`}>{s.name}</Link>
                    </td>
                    <td>
                      <StatusBadge status={s.status} />
                    </td>
                    <td>
                      <ProgressBar
                        value={s.total ? done / s.total : 0}
                        label={`${done} of ${s.total} runs final`}
                      />
                      <small>
                        {done}/{s.total}
                      </small>
                    </td>
                    <td>
                      {s.counts.QUEUED} / {s.counts.RUNNING} / {s.counts.SUCCEEDED} /{' '}
                      {s.counts.FAILED} / {s.counts.CANCELLED}
                    </td>
                    <td>{when(s.createdAt)}</td>
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
