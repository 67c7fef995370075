import { useNavigate } from 'react-router';
import {
  CartesianGrid,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  ComposedChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { Run, SweepDetail } from '../../api/types';
import { compact, percent, scientific } from '../../components/format';
import { STATUS_COLORS } from '../../components/status-badge';

/**
 * Price–performance plane of a sweep: every finished run as a point (cost on a log axis,
 * accuracy up), the Pareto frontier as a step line, the seed network's cost as a reference.
 * Clicking a point opens its run.
 */
export function ParetoChart({ sweep, runs }: { sweep: SweepDetail; runs: Run[] }) {
  const navigate = useNavigate();
  const openRun = (item: { payload?: unknown }) => {
    const id = (item.payload as { id?: string } | undefined)?.id;
    if (id) void navigate(`/runs/${id}`);
  };
  const points = runs
    .filter((r) => r.cost !== null && r.accuracy !== null && r.cost > 0)
    .map((r) => ({ ...r, x: r.cost as number, y: r.accuracy as number }));
  const frontier = (sweep.pareto?.frontier ?? []).map((p) => ({ x: p.cost, y: p.accuracy }));
  const byStatus = Object.keys(STATUS_COLORS).map((status) => ({ status, data: points.filter((p) => p.status === status && !p.paretoOptimal) }));
  const optimal = points.filter((p) => p.paretoOptimal);
  // A log axis needs a non-degenerate domain, also when every run landed at the same cost.
  const costs = [...points.map((p) => p.x), ...(sweep.seedCost ? [sweep.seedCost] : [])];
  const domain: [number, number] = [Math.min(...costs) / 2, Math.max(...costs) * 2];
  if (points.length === 0) {
    return <p className="chart-empty">No finished runs yet: points appear here as runs succeed.</p>;
  }
  return (
    <figure className="chart" aria-label={`Pareto frontier: ${points.length} runs, ${frontier.length} on the frontier`}>
      <ResponsiveContainer width="100%" height={360}>
        <ComposedChart margin={{ top: 10, right: 20, bottom: 20, left: 10 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="x" type="number" scale="log" domain={domain} allowDataOverflow tickFormatter={compact} name="cost" label={{ value: `cost (${sweep.spec.morphnet.resource})`, position: 'insideBottom', offset: -10 }} />
          <YAxis dataKey="y" type="number" domain={[0, 1]} tickFormatter={percent} name="accuracy" width={70} label={{ value: 'accuracy', angle: -90, position: 'insideLeft', offset: 0 }} />
          <Tooltip
            content={({ payload }) => {
              const p = payload?.[0]?.payload as (Run & { x: number; y: number }) | undefined;
              if (!p || p.strength === undefined) return null;
              return (
                <div className="tooltip">
                  <div>strength {scientific(p.strength)} · threshold {p.threshold}</div>
                  <div>cost {compact(p.cost)} · accuracy {percent(p.accuracy)}</div>
                  <div>{p.paretoOptimal ? 'on the frontier' : p.status.toLowerCase()}</div>
                </div>
              );
            }}
          />
          <Legend verticalAlign="top" />
          {sweep.seedCost !== null && <ReferenceLine x={sweep.seedCost} stroke="#9ca3af" strokeDasharray="4 4" label="seed" />}
          <Line data={frontier} dataKey="y" type="stepAfter" stroke="#111827" dot={false} name="Pareto frontier" isAnimationActive={false} />
          {byStatus.map(({ status, data }) =>
            data.length ? (
              <Scatter key={status} name={status.toLowerCase()} data={data} fill={STATUS_COLORS[status]} onClick={openRun} cursor="pointer" />
            ) : null,
          )}
          <Scatter name="Pareto-optimal" data={optimal} fill="#111827" shape="diamond" onClick={openRun} cursor="pointer" />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
