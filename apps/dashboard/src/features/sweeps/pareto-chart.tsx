import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import type { Retraining, RunPoint, SweepDetail } from '../../api/types';
import { compact, percent, scientific } from '../../components/format';
import { STATUS_COLORS } from '../../components/status-badge';
import { BASELINE_COLOR, drawPareto, OPTIMAL_COLOR, RETRAINED_COLOR } from './pareto-canvas';
import { chartMarks, nearestMark, runOfMark, type Mark, type PlotArea } from './pareto-plot';

const HEIGHT = 380;
const MARGIN = { left: 70, right: 20, top: 12, bottom: 50 };

/**
 * Price–performance plane of a sweep, drawn on a canvas so that a sweep of 10,000 runs
 * renders and responds in milliseconds: every finished run at its proxy accuracy (validation
 * accuracy at the end of structure learning; cost on a log axis), the Pareto frontier as a
 * step line, the seed's cost as a reference. Retrained structures appear at their final
 * accuracy, joined to their run by a dashed segment, so the proxy and the retrained figure
 * are told apart; width-multiplier baselines (the seed scaled uniformly to the same cost)
 * are the yardstick MorphNet's structures should beat. Hovering a mark names it; clicking
 * opens its run.
 */
export function ParetoChart({
  sweep,
  runs,
  retrainings,
}: {
  sweep: SweepDetail;
  runs: RunPoint[];
  retrainings: Retraining[];
}) {
  const navigate = useNavigate();
  const [wrap, setWrap] = useState<HTMLDivElement | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const width = useWidth(wrap);
  const [hover, setHover] = useState<Mark | undefined>();
  const area: PlotArea = useMemo(
    () => ({
      left: MARGIN.left,
      top: MARGIN.top,
      width: Math.max(width - MARGIN.left - MARGIN.right, 10),
      height: HEIGHT - MARGIN.top - MARGIN.bottom,
    }),
    [width],
  );
  const { marks, scales } = useMemo(
    () => chartMarks(runs, retrainings, sweep, area),
    [runs, retrainings, sweep, area],
  );
  const frontier = sweep.pareto?.frontier ?? [];

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx || !scales || width === 0) return;
    const ratio = window.devicePixelRatio || 1;
    el.width = Math.round(width * ratio);
    el.height = Math.round(HEIGHT * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    drawPareto(ctx, {
      width,
      height: HEIGHT,
      area,
      scales,
      marks,
      frontier,
      seedCost: sweep.seedCost,
      resource: sweep.spec.morphnet.resource,
    });
  }, [marks, scales, area, width, frontier, sweep.seedCost, sweep.spec.morphnet.resource]);

  if (!scales) {
    return <p className="chart-empty">No finished runs yet: points appear here as runs succeed.</p>;
  }
  const count = (kind: Mark['kind']) => marks.filter((m) => m.kind === kind).length;
  const runCount = count('run') + count('optimal');
  const at = (e: React.MouseEvent) => {
    const box = e.currentTarget.getBoundingClientRect();
    return nearestMark(marks, e.clientX - box.left, e.clientY - box.top);
  };
  const statuses = Object.keys(STATUS_COLORS).filter((s) =>
    marks.some((m) => m.kind === 'run' && m.run.status === s),
  );
  return (
    <figure
      className="chart pareto"
      aria-label={`Pareto frontier: ${runCount} runs, ${frontier.length} on the frontier, ${count('retrained')} retrained, ${count('baseline')} width-multiplier baselines`}
    >
      <Legend
        items={[
          ...statuses.map((s) => ({
            label: `${s.toLowerCase()} (proxy)`,
            color: STATUS_COLORS[s]!,
          })),
          { label: 'Pareto-optimal (proxy)', color: OPTIMAL_COLOR },
          ...(count('retrained') ? [{ label: 'retrained', color: RETRAINED_COLOR }] : []),
          ...(count('baseline')
            ? [{ label: 'width-multiplier baseline', color: BASELINE_COLOR }]
            : []),
        ]}
      />
      <div ref={setWrap} className="pareto-plot" style={{ height: HEIGHT }}>
        <canvas
          ref={canvas}
          style={{ width: '100%', height: HEIGHT, cursor: hover ? 'pointer' : 'default' }}
          onMouseMove={(e) => setHover(at(e))}
          onMouseLeave={() => setHover(undefined)}
          onClick={(e) => {
            const mark = at(e);
            const id = mark && runOfMark(mark);
            if (id) void navigate(`/runs/${id}`);
          }}
        />
        {hover && (
          <>
            <span className="pareto-ring" style={{ left: hover.x - 8, top: hover.y - 8 }} />
            <div
              className="tooltip pareto-tooltip"
              role="tooltip"
              style={{
                left: Math.min(hover.x + 12, Math.max(width - 280, 0)),
                top: Math.max(hover.y - 70, 0),
              }}
            >
              <MarkTooltip mark={hover} />
            </div>
          </>
        )}
      </div>
    </figure>
  );
}

function Legend({ items }: { items: Array<{ label: string; color: string }> }) {
  return (
    <ul className="legend">
      {items.map((i) => (
        <li key={i.label}>
          <span className="swatch" style={{ background: i.color }} />
          {i.label}
        </li>
      ))}
    </ul>
  );
}

function MarkTooltip({ mark }: { mark: Mark }) {
  if ('run' in mark) {
    const r = mark.run;
    return (
      <>
        <div>
          run #{r.cellIndex} · strength {scientific(r.strength)} · threshold {r.threshold}
        </div>
        <div>
          cost {compact(r.cost)} · proxy accuracy {percent(r.accuracy)}
        </div>
        <div>{r.paretoOptimal ? 'on the frontier' : r.status.toLowerCase()}</div>
      </>
    );
  }
  const t = mark.retraining;
  return (
    <>
      <div>
        {mark.kind === 'retrained'
          ? `retrained structure of run #${mark.proxy?.cellIndex ?? '?'}`
          : 'width-multiplier baseline (seed scaled to the same cost)'}
      </div>
      <div>
        cost {compact(t.measuredCost)} · final accuracy {percent(t.finalAccuracy)}
        {mark.proxy ? ` (proxy ${percent(mark.proxy.accuracy)})` : ''}
      </div>
      <div>
        {compact(t.parameters)} parameters · {t.trigger.toLowerCase()} · replica {t.replica} (seed{' '}
        {t.seed})
      </div>
    </>
  );
}

// The element's CSS width, followed as the window resizes (0 until it is mounted).
function useWidth(el: HTMLElement | null): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, [el]);
  return width;
}
