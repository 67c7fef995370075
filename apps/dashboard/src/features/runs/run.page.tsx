import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useApiClient } from '../../api/api-client.provider';
import type { Retraining, RunDetail } from '../../api/types';
import { retrainingDownloads } from './retraining-downloads';
import { RunCandidates } from './run-candidates';
import { ActionButton } from '../../components/action-button';
import { compact, percent, scientific, when } from '../../components/format';
import { StatusBadge } from '../../components/status-badge';

/** One run: its curves, its learned structure, its attempts and errors. */
export function RunPage() {
  const { id = '' } = useParams();
  const api = useApiClient();
  const run = useQuery({ queryKey: ['run', id], queryFn: () => api.getRun(id) });
  const sweepId = run.data?.sweepId ?? '';
  const retrainings = useQuery({
    queryKey: ['retrainings', sweepId],
    queryFn: () => api.listRetrainings(sweepId),
    enabled: sweepId !== '',
  });
  if (run.isError) return <p role="alert">Could not load this run: {String(run.error)}</p>;
  if (!run.data) return <p>Loading…</p>;
  const r = run.data;
  return (
    <section aria-labelledby="run-title">
      <p>
        <Link to={`/sweeps/${r.sweepId}`}>← sweep</Link>
      </p>
      <div className="page-head">
        <h1 id="run-title">Run #{r.cellIndex}</h1>
        <StatusBadge status={r.status} />
        <ActionButton
          label="Promote to retraining"
          action={() => api.promoteRun(r.id)}
          disabled={r.status !== 'SUCCEEDED' || !r.structure}
        />
        {r.structure && <DownloadStructure run={r} />}
      </div>
      <dl className="facts">
        <div>
          <dt>Strength</dt>
          <dd>{scientific(r.strength)}</dd>
        </div>
        <div>
          <dt>Threshold</dt>
          <dd>{r.threshold}</dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>{compact(r.cost)}</dd>
        </div>
        <div>
          <dt>Accuracy</dt>
          <dd>{percent(r.accuracy)}</dd>
        </div>
        <div>
          <dt>Step</dt>
          <dd>{r.step}</dd>
        </div>
        <div>
          <dt>Attempts</dt>
          <dd>{r.attempt}</dd>
        </div>
        <div>
          <dt>Worker</dt>
          <dd>
            {r.workerIdentity ?? '—'} ({r.backend ?? 'backend unknown'})
          </dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{when(r.startedAt)}</dd>
        </div>
        <div>
          <dt>Finished</dt>
          <dd>{when(r.finishedAt)}</dd>
        </div>
      </dl>
      {r.error && (
        <p role="alert" className="error">
          {r.errorCode}: {r.error}
        </p>
      )}
      <h2>Training curves</h2>
      <Curves run={r} />
      <h2>Learned structure</h2>
      <Structure run={r} />
      <h2>Candidates</h2>
      <RunCandidates runId={r.id} />
      <h2>Retrained</h2>
      <Retrained
        run={r}
        retrainings={(retrainings.data?.items ?? []).filter((t) => t.sourceRunId === r.id)}
      />
    </section>
  );
}

// Points of a curve the chart asks for: about two per pixel column of a wide chart.
const CURVE_POINTS = 1000;

/**
 * The run's curves, downsampled by the API to {@link CURVE_POINTS} (the ends and each
 * series' extremes kept), so a run of 100,000 steps loads as fast as one of 1,000.
 */
function Curves({ run }: { run: RunDetail }) {
  const api = useApiClient();
  // Under the run's key: a live update of the run refreshes its curve too.
  const curve = useQuery({
    queryKey: ['run', run.id, 'metrics'],
    queryFn: () => api.getRunMetrics(run.id, { maxPoints: CURVE_POINTS }),
  });
  if (curve.isError) return <p role="alert">Could not load the curves: {String(curve.error)}</p>;
  if (!curve.data) return <p>Loading…</p>;
  const points = curve.data.items;
  if (points.length === 0) return <p className="chart-empty">No points yet.</p>;
  const charts: Array<{
    key: 'taskLoss' | 'regLoss' | 'cost' | 'accuracy';
    label: string;
    format: (v: number) => string;
  }> = [
    { key: 'taskLoss', label: 'task loss', format: (v) => v.toFixed(3) },
    { key: 'regLoss', label: 'regularization loss', format: (v) => v.toFixed(3) },
    { key: 'cost', label: 'cost of the alive structure', format: compact },
    { key: 'accuracy', label: 'validation accuracy', format: percent },
  ];
  return (
    <div className="curves">
      {curve.data.downsampled && (
        <p className="chart-empty">
          {points.length.toLocaleString('en')} of {curve.data.totalPoints.toLocaleString('en')}{' '}
          points: each stretch of steps keeps its lowest and highest values.
        </p>
      )}
      {charts.map((c) => (
        <figure key={c.key} className="chart" aria-label={`${c.label} by step`}>
          <figcaption>{c.label}</figcaption>
          <ResponsiveContainer width="100%" height={200}>
            <LineChart data={points.filter((m) => m[c.key] !== null)}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} />
              <YAxis tickFormatter={c.format} width={60} />
              <Tooltip formatter={(v) => c.format(Number(v))} />
              <Line dataKey={c.key} stroke="#2563eb" dot={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </figure>
      ))}
    </div>
  );
}

/**
 * Seed against learned channels per layer. Keys are MorphNet op names (`conv2/Conv2D`); the
 * bars show the layer name and the fraction of its seed width that stayed alive.
 */
function Structure({ run }: { run: RunDetail }) {
  if (!run.structure)
    return <p className="chart-empty">The structure is exported when the run finishes.</p>;
  const seed = run.seedWidths ?? {};
  const data = Object.entries(run.structure).map(([op, alive]) => ({
    layer: op.replace(/\/[^/]*$/, ''),
    op,
    alive,
    seed: seed[op] ?? null,
  }));
  const kept = data.reduce((sum, d) => sum + d.alive, 0);
  const total = data.reduce((sum, d) => sum + (d.seed ?? d.alive), 0);
  return (
    <figure
      className="chart"
      aria-label={`learned against seed channels per layer: ${kept} of ${total} channels kept`}
    >
      <figcaption>
        {kept} of {total} channels kept ({percent(total ? kept / total : null)})
      </figcaption>
      <ResponsiveContainer width="100%" height={Math.max(160, data.length * 44)}>
        <BarChart data={data} layout="vertical" margin={{ left: 10, right: 20 }} barGap={2}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="layer" width={110} />
          <Tooltip
            formatter={(value, name) => [value, name]}
            labelFormatter={(_, payload) => {
              const d = payload?.[0]?.payload as (typeof data)[number] | undefined;
              return d ? `${d.op}: ${d.alive} of ${d.seed ?? '?'} alive` : '';
            }}
          />
          <Legend />
          {run.seedWidths && (
            <Bar dataKey="seed" name="seed channels" fill="#94a3b8" isAnimationActive={false} />
          )}
          <Bar
            dataKey="alive"
            name="learned (alive) channels"
            fill="#16a34a"
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

/**
 * This run's structure retrained from scratch, next to its width-multiplier baseline: every
 * replica (one per retraining seed), each with its downloads.
 */
function Retrained({ run, retrainings }: { run: RunDetail; retrainings: Retraining[] }) {
  const replicated = retrainings.some((t) => t.replica > 0);
  const ordered = [...retrainings].sort(
    (a, b) => a.kind.localeCompare(b.kind) || a.replica - b.replica,
  );
  if (retrainings.length === 0)
    return (
      <p className="chart-empty">
        Not yet: promote this run to retrain its structure from scratch.
      </p>
    );
  return (
    <dl className="facts">
      <div>
        <dt>Proxy accuracy (structure learning)</dt>
        <dd>
          {percent(run.accuracy)} at {compact(run.cost)}
        </dd>
      </div>
      {ordered.map((t) => (
        <div key={t.id}>
          <dt>
            {t.kind === 'LEARNED' ? 'Learned structure, retrained' : 'Width-multiplier baseline'}
            {replicated && ` · replica ${t.replica} (seed ${t.seed})`}
          </dt>
          <dd>
            {t.status === 'SUCCEEDED' ? (
              `${percent(t.finalAccuracy)} at ${compact(t.measuredCost)} · ${compact(t.parameters)} parameters`
            ) : (
              <StatusBadge status={t.status} />
            )}
            {retrainingDownloads(t).map((d) => (
              <a key={d.href} className="button" href={d.href} download={d.filename}>
                {d.label}
              </a>
            ))}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function DownloadStructure({ run }: { run: RunDetail }) {
  return (
    <>
      <a className="button" href={`/api/runs/${run.id}/structure`} download>
        Download structure
      </a>
      <a className="button" href={`/api/runs/${run.id}/structure?format=network`} download>
        Download slimmed network
      </a>
    </>
  );
}
