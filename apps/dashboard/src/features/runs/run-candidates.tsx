import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../api/api-client.provider';
import type { Candidate } from '../../api/types';
import { compact, percent } from '../../components/format';

/**
 * A run's candidates: its structure at each evaluation step and alive threshold, costed, in
 * step order; rows with the same structure share a label (A, B, …), since an equal structure
 * is retrained once. Says so when the sweep did not ask for candidates.
 */
export function RunCandidates({ runId }: { runId: string }) {
  const api = useApiClient();
  const candidates = useQuery({
    queryKey: ['candidates', runId],
    queryFn: () => api.listRunCandidates(runId),
  });
  if (candidates.isError)
    return <p role="alert">Could not load candidates: {String(candidates.error)}</p>;
  const rows = candidates.data ?? [];
  if (rows.length === 0)
    return (
      <p className="chart-empty">
        None: add <code>candidates</code> to a sweep spec to read each run at several alive
        thresholds and steps.
      </p>
    );
  const labels = structureLabels(rows);
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">Threshold</th>
            <th scope="col">Structure</th>
            <th scope="col">Cost</th>
            <th scope="col">Proxy accuracy</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={`${c.step}:${c.threshold}`}>
              <td>{c.step}</td>
              <td>{c.threshold}</td>
              <td title={c.structureHash}>{labels.get(c.structureHash)}</td>
              <td>{compact(c.cost)}</td>
              <td>{percent(c.accuracy)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// A, B, …, Z, AA, … in order of first appearance.
function structureLabels(rows: readonly Candidate[]): Map<string, string> {
  const labels = new Map<string, string>();
  for (const { structureHash } of rows) {
    if (labels.has(structureHash)) continue;
    let n = labels.size;
    let label = '';
    do {
      label = String.fromCharCode(65 + (n % 26)) + label;
      n = Math.floor(n / 26) - 1;
    } while (n >= 0);
    labels.set(structureHash, label);
  }
  return labels;
}
