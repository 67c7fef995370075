import type { SeedSpread } from '@morphsweep/contracts';
import { Link } from 'react-router';
import type { Retraining } from '../../api/types';
import { compact } from '../../components/format';
import { retrainedGroups } from './uniform-comparison.model';

// "81.2 % ± 0.4" over the succeeded replicas (no ± with one), or "—" while none has.
function accuracy(spread: SeedSpread | null): string {
  if (!spread) return '—';
  const sd = spread.sd === null ? '' : ` ± ${(spread.sd * 100).toFixed(1)}`;
  return `${(spread.mean * 100).toFixed(1)} %${sd}`;
}

/**
 * The points of the comparison: each retrained structure and baseline with its retrained
 * accuracy, mean ± sd over its succeeded replicas (the retrain policy's seeds), and n.
 */
export function RetrainedGroups({ retrainings }: { retrainings: readonly Retraining[] }) {
  const groups = retrainedGroups(retrainings);
  if (groups.length === 0) return null;
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">Retrained</th>
            <th scope="col">Source run</th>
            <th scope="col">Cost</th>
            <th scope="col">Accuracy, mean ± sd over seeds</th>
            <th scope="col">n</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={`${g.kind}/${g.structureHash}`}>
              <td>{g.kind === 'LEARNED' ? 'learned structure' : 'width-multiplier baseline'}</td>
              <td>{g.sourceRunId ? <Link to={`/runs/${g.sourceRunId}`}>run</Link> : '—'}</td>
              <td>{compact(g.cost)}</td>
              <td>{accuracy(g.accuracy)}</td>
              <td>
                {g.accuracy?.seeds ?? 0}
                {g.replicas > (g.accuracy?.seeds ?? 0) && <small> of {g.replicas}</small>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
