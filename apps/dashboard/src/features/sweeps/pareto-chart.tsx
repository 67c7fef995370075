import { useNavigate } from 'react-router';
import {
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { Retraining, Run, SweepDetail } from '../../api/types';
import { compact, percent, scientific } from '../../components/format';
import { STATUS_COLORS } from '../../components/status-badge';
import { logTicks } from './log-ticks';

/** A point of the chart: a run at its proxy accuracy, or a finished retraining. */
type Point =
  | { kind: 'run'; x: number; y: number; run: Run }
  | { kind: 'retrained' | 'baseline'; x: number; y: number; retraining: Retraining; proxy?: Run };

const RETRAINED_COLOR = '#7c3aed';
const BASELINE_COLOR = '#ea580c';

/**
 * Price–performance plane of a sweep: every finished run as a point at its proxy accuracy
 * (validation accuracy at the end of structure learning; cost on a log axis), the Pareto
 * frontier as a step line, the seed network's cost as a reference. Retrained structures
 * appear at their final accuracy, joined to their run by a dashed segment, so the proxy and
 * the retrained figure are told apart; width-multiplier baselines (the seed scaled uniformly
 * to the same cost) are the yardstick MorphNet's structures should beat. Clicking a point
 * opens its run.
 */
export function ParetoChart({
  sweep,
  runs,
  retrainings,
}: {
  sweep: SweepDetail;
  runs: Run[];
  retrainings: Retraining[];
}) {
  const navigate = useNavigate();
  const openRun = (item: { payload?: unknown }) => {
    const p = item.payload as Point | undefined;
    const id = p?.kind === 'run' ? p.run.id : p?.retraining.sourceRunId;
    if (id) void navigate(`/runs/${id}`);
  };
  const runPoints: Point[] = runs
    .filter((r) => r.cost !== null && r.accuracy !== null && r.cost > 0)
    .map((r) => ({ kind: 'run', x: r.cost as number, y: r.accuracy as number, run: r }));
  const byId = new Map(runs.map((r) => [r.id, r]));
  const retrainedPoints: Point[] = retrainings
    .filter(
      (t) =>
        t.status === 'SUCCEEDED' &&
        t.measuredCost !== null &&
        t.finalAccuracy !== null &&
        t.measuredCost > 0,
    )
    .map((t) => ({
      kind: t.kind === 'LEARNED' ? 'retrained' : 'baseline',
      x: t.measuredCost as number,
      y: t.finalAccuracy as number,
      retraining: t,
      proxy: t.sourceRunId ? byId.get(t.sourceRunId) : undefined,
    }));
  const frontier = (sweep.pareto?.frontier ?? []).map((p) => ({ x: p.cost, y: p.accuracy }));
  const isRun = (p: Point): p is Extract<Point, { kind: 'run' }> => p.kind === 'run';
  const byStatus = Object.keys(STATUS_COLORS).map((status) => ({
    status,
    data: runPoints.filter((p) => isRun(p) && p.run.status === status && !p.run.paretoOptimal),
  }));
  const optimal = runPoints.filter((p) => isRun(p) && p.run.paretoOptimal);
  // Proxy → retrained segments of learned structures.
  const links = retrainedPoints.flatMap((p) =>
    p.kind === 'retrained' && p.proxy?.cost && p.proxy.accuracy !== null
      ? [
          {
            id: p.retraining.id,
            data: [
              { x: p.proxy.cost, y: p.proxy.accuracy },
              { x: p.x, y: p.y },
            ],
          },
        ]
      : [],
  );
  if (runPoints.length === 0) {
    return <p className="chart-empty">No finished runs yet: points appear here as runs succeed.</p>;
  }
  // A log axis needs a non-degenerate domain, also when every run landed at the same cost.
  const costs = [...runPoints, ...retrainedPoints]
    .map((p) => p.x)
    .concat(sweep.seedCost ? [sweep.seedCost] : []);
  const domain: [number, number] = [Math.min(...costs) / 2, Math.max(...costs) * 2];
  const retrained = retrainedPoints.filter((p) => p.kind === 'retrained');
  const baselines = retrainedPoints.filter((p) => p.kind === 'baseline');
  return (
    <figure
      className="chart"
      aria-label={`Pareto frontier: ${runPoints.length} runs, ${frontier.length} on the frontier, ${retrained.length} retrained, ${baselines.length} width-multiplier baselines`}
    >
      <ResponsiveContainer width="100%" height={380}>
        <ComposedChart margin={{ top: 10, right: 20, bottom: 20, left: 10 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="x"
            type="number"
            scale="log"
            domain={domain}
            ticks={logTicks(domain)}
            allowDataOverflow
            tickFormatter={compact}
            name="cost"
            label={{
              value: `cost (${sweep.spec.morphnet.resource})`,
              position: 'insideBottom',
              offset: -10,
            }}
          />
          <YAxis
            dataKey="y"
            type="number"
            domain={[0, 1]}
            tickFormatter={percent}
            name="accuracy"
            width={70}
            label={{ value: 'accuracy', angle: -90, position: 'insideLeft', offset: 0 }}
          />
          <Tooltip
            content={({ payload }) => (
              <PointTooltip point={payload?.[0]?.payload as Point | undefined} />
            )}
          />
          <Legend verticalAlign="top" />
          {sweep.seedCost !== null && (
            <ReferenceLine x={sweep.seedCost} stroke="#9ca3af" strokeDasharray="4 4" label="seed" />
          )}
          <Line
            data={frontier}
            dataKey="y"
            type="stepAfter"
            stroke="#111827"
            dot={false}
            name="Pareto frontier (proxy)"
            isAnimationActive={false}
          />
          {links.map((l) => (
            <Line
              key={l.id}
              data={l.data}
              dataKey="y"
              stroke={RETRAINED_COLOR}
              strokeDasharray="3 3"
              dot={false}
              legendType="none"
              isAnimationActive={false}
            />
          ))}
          {byStatus.map(({ status, data }) =>
            data.length ? (
              <Scatter
                key={status}
                name={`${status.toLowerCase()} (proxy)`}
                data={data}
                fill={STATUS_COLORS[status]}
                onClick={openRun}
                cursor="pointer"
              />
            ) : null,
          )}
          <Scatter
            name="Pareto-optimal (proxy)"
            data={optimal}
            fill="#111827"
            shape="diamond"
            onClick={openRun}
            cursor="pointer"
          />
          {retrained.length > 0 && (
            <Scatter
              name="retrained"
              data={retrained}
              fill={RETRAINED_COLOR}
              shape="star"
              onClick={openRun}
              cursor="pointer"
            />
          )}
          {baselines.length > 0 && (
            <Scatter
              name="width-multiplier baseline"
              data={baselines}
              fill={BASELINE_COLOR}
              shape="triangle"
            />
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}

function PointTooltip({ point }: { point: Point | undefined }) {
  if (!point || !('kind' in point)) return null;
  if (point.kind === 'run') {
    const r = point.run;
    return (
      <div className="tooltip">
        <div>
          run #{r.cellIndex} · strength {scientific(r.strength)} · threshold {r.threshold}
        </div>
        <div>
          cost {compact(r.cost)} · proxy accuracy {percent(r.accuracy)}
        </div>
        <div>{r.paretoOptimal ? 'on the frontier' : r.status.toLowerCase()}</div>
      </div>
    );
  }
  const t = point.retraining;
  return (
    <div className="tooltip">
      <div>
        {point.kind === 'retrained'
          ? `retrained structure of run #${point.proxy?.cellIndex ?? '?'}`
          : 'width-multiplier baseline (seed scaled to the same cost)'}
      </div>
      <div>
        cost {compact(t.measuredCost)} · final accuracy {percent(t.finalAccuracy)}
        {point.proxy ? ` (proxy ${percent(point.proxy.accuracy)})` : ''}
      </div>
      <div>
        {compact(t.parameters)} parameters · {t.trigger.toLowerCase()}
      </div>
    </div>
  );
}
