/** A linear map from a data interval onto a pixel interval (which may run backwards). */
export interface Scale {
  (value: number): number;
  domain: [number, number];
  ticks: number[];
}

/**
 * A linear scale from `domain` onto `range`, its domain widened to round tick steps (1, 2 or
 * 5 × 10^k, about `tickCount` of them). Throws for a non-finite domain. Pure.
 */
export function linearScale(
  domain: [number, number],
  range: [number, number],
  tickCount = 5,
): Scale {
  let [lo, hi] = domain;
  if (!Number.isFinite(lo) || !Number.isFinite(hi))
    throw new Error(`scale domain must be finite, got [${lo}, ${hi}]`);
  if (lo > hi) [lo, hi] = [hi, lo];
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
  const raw = (hi - lo) / tickCount;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const stepSize = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) as number;
  const start = Math.floor(lo / stepSize) * stepSize;
  const end = Math.ceil(hi / stepSize) * stepSize;
  const ticks: number[] = [];
  // Rounded to the step's decimals: 0.1 + 0.2 must print as 0.3.
  const decimals = Math.max(0, -Math.floor(Math.log10(stepSize)));
  for (let t = start; t <= end + stepSize / 2; t += stepSize)
    ticks.push(Number(t.toFixed(decimals)));
  const scale = ((v: number) =>
    range[0] + ((v - start) / (end - start)) * (range[1] - range[0])) as Scale;
  scale.domain = [start, end];
  scale.ticks = ticks;
  return scale;
}

/** One series: points with an optional ± error. */
export interface ChartSeries {
  label: string;
  color: string;
  marker: 'circle' | 'square' | 'triangle';
  /** Draw a line through the points (by x). */
  line: boolean;
  points: Array<{ x: number; y: number; error?: number | null }>;
}

const W = 640;
const H = 400;
const M = { left: 60, right: 20, top: 20, bottom: 80 };

function marker(kind: ChartSeries['marker'], x: number, y: number, color: string): string {
  const r = 5;
  if (kind === 'square')
    return `<rect x="${x - r}" y="${y - r}" width="${2 * r}" height="${2 * r}" fill="${color}"/>`;
  if (kind === 'triangle')
    return `<polygon points="${x},${y - r - 1} ${x - r},${y + r} ${x + r},${y + r}" fill="${color}"/>`;
  return `<circle cx="${x}" cy="${y}" r="${r}" fill="${color}"/>`;
}

const f = (v: number) => Number(v.toFixed(1));
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/**
 * A scatter chart as a standalone SVG document: x and y axes with ticks and titles, each
 * series' points (± error bars, an optional line), a legend below. Throws when no series has
 * a point. Pure.
 */
export function renderChart(options: {
  title: string;
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
  /** The x axis spans at least this (default: 0 to the largest x). */
  xDomain?: [number, number];
}): string {
  const all = options.series.flatMap((s) => s.points);
  if (all.length === 0) throw new Error('the chart has no points');
  const ys = all.flatMap((p) => [p.y - (p.error ?? 0), p.y + (p.error ?? 0)]);
  const xs = [...(options.xDomain ?? [0]), ...all.map((p) => p.x)];
  const x = linearScale([Math.min(...xs), Math.max(...xs)], [M.left, W - M.right]);
  const y = linearScale([Math.min(...ys), Math.max(...ys)], [H - M.bottom, M.top]);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<title>${esc(options.title)}</title>`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
  ];
  for (const t of x.ticks)
    out.push(
      `<line x1="${f(x(t))}" y1="${M.top}" x2="${f(x(t))}" y2="${H - M.bottom}" stroke="#ddd"/>`,
      `<text x="${f(x(t))}" y="${H - M.bottom + 16}" text-anchor="middle">${t}</text>`,
    );
  for (const t of y.ticks)
    out.push(
      `<line x1="${M.left}" y1="${f(y(t))}" x2="${W - M.right}" y2="${f(y(t))}" stroke="#ddd"/>`,
      `<text x="${M.left - 6}" y="${f(y(t)) + 4}" text-anchor="end">${t}</text>`,
    );
  out.push(
    `<text x="${(M.left + W - M.right) / 2}" y="${H - M.bottom + 36}" text-anchor="middle">${esc(options.xLabel)}</text>`,
    `<text transform="translate(16 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(options.yLabel)}</text>`,
  );
  let legendX = M.left;
  for (const s of options.series) {
    const pts = [...s.points].sort((a, b) => a.x - b.x);
    if (s.line && pts.length > 1)
      out.push(
        `<polyline fill="none" stroke="${s.color}" stroke-width="1.5" points="${pts.map((p) => `${f(x(p.x))},${f(y(p.y))}`).join(' ')}"/>`,
      );
    for (const p of pts) {
      if (p.error)
        out.push(
          `<line x1="${f(x(p.x))}" y1="${f(y(p.y - p.error))}" x2="${f(x(p.x))}" y2="${f(y(p.y + p.error))}" stroke="${s.color}"/>`,
        );
      out.push(marker(s.marker, f(x(p.x)), f(y(p.y)), s.color));
    }
    const ly = H - 18;
    out.push(
      marker(s.marker, legendX + 5, ly - 4, s.color),
      `<text x="${legendX + 16}" y="${ly}">${esc(s.label)}</text>`,
    );
    legendX += 40 + 7 * s.label.length; // ~7 px a character at 12 px sans-serif
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}
