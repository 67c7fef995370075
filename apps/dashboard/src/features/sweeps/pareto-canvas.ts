import { compact, percent } from '../../components/format';
import { STATUS_COLORS } from '../../components/status-badge';
import { logTicks } from './log-ticks';
import type { Mark, PlotArea, PlotScales } from './pareto-plot';

export const RETRAINED_COLOR = '#7c3aed';
export const BASELINE_COLOR = '#ea580c';
export const OPTIMAL_COLOR = '#111827';

/** What one frame of the Pareto chart shows. */
export interface ParetoFrame {
  width: number;
  height: number;
  area: PlotArea;
  scales: PlotScales;
  marks: readonly Mark[];
  frontier: ReadonlyArray<{ cost: number; accuracy: number }>;
  seedCost: number | null;
  resource: string;
}

/**
 * Draws the chart on a 2D canvas: grid and axes, the seed's cost, the frontier as a step
 * line, proxy → retrained links, then the marks, batched into one path per colour so that
 * 10,000 runs cost one fill per state rather than an element each (SVG's cost).
 */
export function drawPareto(ctx: CanvasRenderingContext2D, f: ParetoFrame): void {
  const { area, scales } = f;
  ctx.clearRect(0, 0, f.width, f.height);
  ctx.font = '12px system-ui, sans-serif';
  ctx.lineWidth = 1;
  drawGrid(ctx, f);
  if (f.seedCost) {
    const x = scales.x(f.seedCost);
    ctx.strokeStyle = '#9ca3af';
    ctx.setLineDash([4, 4]);
    line(ctx, x, area.top, x, area.top + area.height);
    ctx.setLineDash([]);
    ctx.fillStyle = '#6b7280';
    ctx.textAlign = 'left';
    ctx.fillText('seed', x + 4, area.top + 12);
  }
  if (f.frontier.length > 0) {
    ctx.strokeStyle = OPTIMAL_COLOR;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    // A step after each frontier point: along at its accuracy, then up to the next one.
    let previousY = 0;
    f.frontier.forEach((p, i) => {
      const [x, y] = [scales.x(p.cost), scales.y(p.accuracy)];
      if (i === 0) ctx.moveTo(x, y);
      else {
        ctx.lineTo(x, previousY);
        ctx.lineTo(x, y);
      }
      previousY = y;
    });
    ctx.stroke();
    ctx.lineWidth = 1;
  }
  ctx.strokeStyle = RETRAINED_COLOR;
  ctx.setLineDash([3, 3]);
  for (const m of f.marks) {
    if (m.kind === 'retrained' && m.proxy?.cost && m.proxy.accuracy !== null)
      line(ctx, scales.x(m.proxy.cost), scales.y(m.proxy.accuracy), m.x, m.y);
  }
  ctx.setLineDash([]);
  drawMarks(ctx, f.marks);
}

function drawGrid(ctx: CanvasRenderingContext2D, { area, scales, resource }: ParetoFrame): void {
  const bottom = area.top + area.height;
  ctx.strokeStyle = '#e5e7eb';
  ctx.fillStyle = '#374151';
  ctx.setLineDash([3, 3]);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of logTicks(scales.domain)) {
    const x = scales.x(t);
    line(ctx, x, area.top, x, bottom);
    ctx.fillText(compact(t), x, bottom + 6);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (let i = 0; i <= 5; i++) {
    const y = scales.y(i / 5);
    line(ctx, area.left, y, area.left + area.width, y);
    ctx.fillText(percent(i / 5), area.left - 6, y);
  }
  ctx.setLineDash([]);
  ctx.strokeStyle = '#6b7280';
  line(ctx, area.left, bottom, area.left + area.width, bottom);
  line(ctx, area.left, area.top, area.left, bottom);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(`cost (${resource})`, area.left + area.width / 2, bottom + 36);
  ctx.save();
  ctx.translate(14, area.top + area.height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText('accuracy', 0, 0);
  ctx.restore();
}

// One path per fill colour and shape.
function drawMarks(ctx: CanvasRenderingContext2D, marks: readonly Mark[]): void {
  const groups = new Map<string, { shape: Mark['kind']; marks: Mark[] }>();
  for (const m of marks) {
    const color =
      m.kind === 'run'
        ? (STATUS_COLORS[m.run.status] ?? '#6b7280')
        : m.kind === 'optimal'
          ? OPTIMAL_COLOR
          : m.kind === 'retrained'
            ? RETRAINED_COLOR
            : BASELINE_COLOR;
    const key = `${m.kind}:${color}`;
    const group = groups.get(key) ?? { shape: m.kind, marks: [] };
    group.marks.push(m);
    groups.set(key, group);
  }
  // Runs first, so the frontier's diamonds and the retrained marks stay on top.
  const order: Mark['kind'][] = ['run', 'optimal', 'baseline', 'retrained'];
  const sorted = [...groups.entries()].sort(
    ([, a], [, b]) => order.indexOf(a.shape) - order.indexOf(b.shape),
  );
  for (const [key, { shape, marks: group }] of sorted) {
    ctx.fillStyle = key.slice(key.indexOf(':') + 1);
    ctx.globalAlpha = shape === 'run' ? 0.75 : 1;
    ctx.beginPath();
    for (const m of group) shapePath(ctx, shape, m.x, m.y);
    ctx.fill();
  }
  ctx.globalAlpha = 1;
}

function shapePath(ctx: CanvasRenderingContext2D, shape: Mark['kind'], x: number, y: number): void {
  if (shape === 'run') {
    ctx.moveTo(x + 3.5, y);
    ctx.arc(x, y, 3.5, 0, 2 * Math.PI);
  } else if (shape === 'optimal') {
    ctx.moveTo(x, y - 6);
    ctx.lineTo(x + 5, y);
    ctx.lineTo(x, y + 6);
    ctx.lineTo(x - 5, y);
    ctx.closePath();
  } else if (shape === 'baseline') {
    ctx.moveTo(x, y - 6);
    ctx.lineTo(x + 6, y + 5);
    ctx.lineTo(x - 6, y + 5);
    ctx.closePath();
  } else {
    for (let i = 0; i < 10; i++) {
      const r = i % 2 === 0 ? 7 : 3;
      const a = -Math.PI / 2 + (i * Math.PI) / 5;
      if (i === 0) ctx.moveTo(x + r * Math.cos(a), y + r * Math.sin(a));
      else ctx.lineTo(x + r * Math.cos(a), y + r * Math.sin(a));
    }
    ctx.closePath();
  }
}

function line(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number) {
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
}
