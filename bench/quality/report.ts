import type { ChartSeries } from './chart';
import type { StudyEstimate, Throughput } from './estimate';
import type { FamilyResult, StudyResults } from './results';
import {
  compareRows,
  familyComparison,
  retrainedPoints,
  seedStats,
  type RowComparison,
  type SeedStats,
} from './statistics';

const FAMILY_NAMES: Record<string, string> = {
  gamma: 'Gamma',
  'logistic-sigmoid': 'FiGS (logistic-sigmoid)',
};
const COLORS = ['#1f77b4', '#d62728', '#2ca02c'];

const pct = (v: number, digits = 1) => `${(v * 100).toFixed(digits)} %`;
const pts = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(2)}`;

/** `mean ± sd (n)` in percent; `—` when there is nothing. */
export function formatStats(s: SeedStats | null): string {
  if (!s) return '—';
  return `${(s.mean * 100).toFixed(2)} ± ${s.sd === null ? '—' : (s.sd * 100).toFixed(2)} (${s.n})`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

const minutes = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;

/** Milliseconds from the earliest start to the latest finish of `rows`; null if none finished. */
export function span(
  rows: ReadonlyArray<{ startedAt: string | null; finishedAt: string | null }>,
): number | null {
  const starts = rows.flatMap((r) => (r.startedAt ? [Date.parse(r.startedAt)] : []));
  const ends = rows.flatMap((r) => (r.finishedAt ? [Date.parse(r.finishedAt)] : []));
  return starts.length && ends.length ? Math.max(...ends) - Math.min(...starts) : null;
}

/** Training time alone: the sum of each row's own start-to-finish. */
export function busy(
  rows: ReadonlyArray<{ startedAt: string | null; finishedAt: string | null }>,
): number {
  return rows.reduce(
    (s, r) =>
      s + (r.startedAt && r.finishedAt ? Date.parse(r.finishedAt) - Date.parse(r.startedAt) : 0),
    0,
  );
}

function familyTable(family: FamilyResult, results: StudyResults, seeds: number): string[] {
  const rows = compareRows(family, seeds);
  const cmp = familyComparison(family, results.families);
  const lines = [
    `#### ${FAMILY_NAMES[family.family] ?? family.family} / FLOPs (\`${family.network}\`, seed ${(family.seedCost / 1e6).toFixed(1)}M FLOPs)`,
    '',
    '| target | run (strength × threshold) | learned widths | FLOPs (% of seed) | proxy accuracy | retrained test accuracy, % (n) | uniform FLOPs (% of seed) | uniform test accuracy, % (n) | learned − uniform (points) | beats by more than the spread? | paired by seed: learned − uniform (points, n) |',
    '| --- | --- | --- | --: | --: | --: | --: | --: | --: | --- | --: |',
  ];
  for (const r of rows) {
    const widths = r.run.structure ? Object.values(r.run.structure).join(' / ') : '—';
    const verdict =
      r.beats === null
        ? `— (${r.finished} of ${r.expected} retrainings)`
        : `${r.beats ? 'yes' : 'no'} (spread ${(r.spread! * 100).toFixed(2)})`;
    lines.push(
      `| ${pct(r.selection.target, 0)} | ${r.run.strength.toExponential(2)} × ${r.run.threshold}${r.selection.onFrontier === false ? ' (off the proxy frontier)' : ''} | ${widths} | ${pct(r.selection.fraction)} | ${r.run.accuracy === null ? '—' : pct(r.run.accuracy)} | ${formatStats(r.learned)} | ${r.uniformFraction === null ? '—' : pct(r.uniformFraction)} | ${formatStats(r.uniform)} | ${r.gain === null ? '—' : pts(r.gain)} | ${verdict} | ${r.paired ? `${pts(r.paired.mean)} ± ${r.paired.sd === null ? '—' : (r.paired.sd * 100).toFixed(2)} (${r.paired.n})` : '—'} |`,
    );
  }
  if (rows.length === 0) {
    const cancelled = family.runs.filter((r) => r.status === 'CANCELLED').length;
    const why =
      cancelled > 0 && !family.runs.some((r) => r.status === 'SUCCEEDED')
        ? `structure learning cancelled (${cancelled} of ${family.runs.length} cells): nothing to retrain yet`
        : 'no pruned frontier run to retrain';
    lines.push(`| — | ${why} | | | | | | | | | |`);
  }
  const gained = cmp.accuracyGained;
  const saved = cmp.costSaved;
  lines.push(
    '',
    `**The goal** (beat the uniform network of the same FLOPs by more than the seed-to-seed spread): ${goalVerdict(rows, results.plan?.targets ?? [0.25, 0.5, 0.75])}.`,
    '',
    `Against the uniform curve of every baseline (\`compareToUniform\`, ${cmp.points.length} learned frontier point(s), ${cmp.uniform.length} uniform point(s)): ` +
      `**accuracy gained at equal FLOPs ${gained ? `${pts(gained.mean)} ± ${gained.sd === null ? '—' : (gained.sd * 100).toFixed(2)} points` : '— (no learned point inside the uniform curve’s FLOPs range)'}**, ` +
      `**FLOPs saved at equal accuracy ${saved ? `${pct(saved.mean)} ± ${saved.sd === null ? '—' : pct(saved.sd)}` : '— (the uniform curve never reaches the learned accuracies)'}** ` +
      '(mean over the points that have the figure; ± the root mean square of their seed-to-seed sds).',
    '',
  );
  return lines;
}

/** Per target: met, not met (with the gain and the spread), or not measured. Pure. */
export function goalVerdict(rows: readonly RowComparison[], targets: readonly number[]): string {
  return targets
    .map((target) => {
      const r = rows.find((row) => row.selection.target === target);
      const at = `at ${pct(target, 0)}`;
      if (!r) return `${at} not measured (no structure near it)`;
      const where = `${pct(r.selection.fraction)} of the seed`;
      if (r.beats === null)
        return `${at} not measured yet (${where}: ${r.finished} of ${r.expected} retrainings)`;
      const figures = `${pts(r.gain!)} points against a spread of ${(r.spread! * 100).toFixed(2)}`;
      return `${at} ${r.beats ? '**met**' : '**not met**'} (${where}: ${figures})`;
    })
    .join('; ');
}

function runsTable(family: FamilyResult): string[] {
  const lines = [
    `<details><summary>${FAMILY_NAMES[family.family] ?? family.family}: every structure-learning cell</summary>`,
    '',
    '| strength | × 1 / seed FLOPs | threshold | status | FLOPs (% of seed) | proxy accuracy | Pareto |',
    '| --: | --: | --: | --- | --: | --: | --- |',
  ];
  for (const r of [...family.runs].sort(
    (a, b) => a.threshold - b.threshold || a.strength - b.strength,
  ))
    lines.push(
      `| ${r.strength.toExponential(2)} | ${(r.strength * family.seedCost).toFixed(2)} | ${r.threshold} | ${r.status}${r.errorCode ? ` (${r.errorCode})` : ''} | ${r.cost === null ? '—' : pct(r.cost / family.seedCost)} | ${r.accuracy === null ? '—' : pct(r.accuracy)} | ${r.paretoOptimal ? 'yes' : ''} |`,
    );
  lines.push('', '</details>', '');
  return lines;
}

/**
 * The chart's series, in percent: each family's retrained learned points and the pooled
 * uniform curve, mean ± sd over seeds; series without a point are left out.
 */
export function chartSeries(results: StudyResults): ChartSeries[] {
  const toSeries = (points: ReturnType<typeof retrainedPoints>) =>
    points.map((p) => {
      const s = seedStats(p.accuracies)!;
      return { x: p.cost * 100, y: s.mean * 100, error: s.sd === null ? null : s.sd * 100 };
    });
  const series: ChartSeries[] = [
    ...results.families.map((f, i) => ({
      label: `${FAMILY_NAMES[f.family] ?? f.family} learned`,
      color: COLORS[i % COLORS.length]!,
      marker: (i === 0 ? 'circle' : 'square') as ChartSeries['marker'],
      line: false,
      points: toSeries(retrainedPoints([f], 'LEARNED')),
    })),
    {
      label: 'uniform width multiplier',
      color: '#333',
      marker: 'triangle',
      line: true,
      points: toSeries(retrainedPoints(results.families, 'WIDTH_MULTIPLIER')),
    },
  ];
  return series.filter((s) => s.points.length > 0);
}

/** What finished: cells and retrainings, per family. */
function status(results: StudyResults, seeds: number): string {
  return results.families
    .map((f) => {
      const ok = f.runs.filter((r) => r.status === 'SUCCEEDED').length;
      const done = f.retrainings.filter((r) => r.status === 'SUCCEEDED').length;
      const failed = f.retrainings.filter((r) => r.status === 'FAILED').length;
      return `${FAMILY_NAMES[f.family] ?? f.family}: ${ok} of ${f.runs.length} cells succeeded; ${f.selected.length} structure(s) chosen, ${f.promoted.length} promoted; ${done} of ${f.selected.length * 2 * seeds} retrainings succeeded${failed ? `, ${failed} failed` : ''}`;
    })
    .join('. ');
}

/**
 * The generated part of docs/quality.md for one study: status, command, machine and load,
 * wall times, a table per family with its comparison, every cell, and the chart's link.
 * Everything comes from `results`. Pure.
 */
export function renderReport(
  results: StudyResults,
  options: {
    /** The block's name: the config's, or the data dir's when that differs. */
    name: string;
    seeds: number;
    chartPath: string;
    about: string;
    throughput?: Throughput;
    /** Other configurations' size and time at this study's throughput. */
    estimates?: Array<{ name: string; estimate: StudyEstimate }>;
  },
): string {
  const loads = results.loadSamples.map((s) => s.load1);
  const allRuns = results.families.flatMap((f) => f.runs);
  const allRetrainings = results.families.flatMap((f) => f.retrainings);
  const learnSpan = span(allRuns);
  const retrainSpan = span(allRetrainings);
  const lines = [
    `### \`${options.name}\`${options.name === results.config ? '' : ` (config \`${results.config}\`)`}`,
    '',
    `${options.about}.`,
    '',
    `- **Command**: \`${results.command}\``,
    `- **Machine**: ${results.machine.cpu}, ${results.machine.cores} cores, Node ${results.machine.node}; 1-minute load average while it ran ${loads.length ? `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} (median ${median(loads).toFixed(1)}, ${loads.length} samples)` : 'not sampled'}`,
    `- **Wall time**: structure learning ${learnSpan === null ? '—' : minutes(learnSpan)} (training ${minutes(busy(allRuns))}), retraining ${retrainSpan === null ? '—' : minutes(retrainSpan)} (training ${minutes(busy(allRetrainings))}, ${allRetrainings.filter((r) => r.status === 'SUCCEEDED').length} retrainings); first step ${results.steps[0]?.at ?? '—'}, last ${results.steps.at(-1)?.step ?? '—'} at ${results.steps.at(-1)?.at ?? '—'}`,
    `- **Finished**: ${status(results, options.seeds)}`,
    ...throughputLines(options.throughput, options.estimates ?? []),
    '',
  ];
  for (const family of results.families) lines.push(...familyTable(family, results, options.seeds));
  for (const family of results.families) lines.push(...runsTable(family));
  if (chartSeries(results).length > 0)
    lines.push(
      `![${options.name}: retrained test accuracy against FLOPs](${options.chartPath})`,
      '',
    );
  return lines.join('\n');
}

const rate = (v: number | null) => (v === null ? '—' : `${Math.round(v)} ex/s`);
const hours = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)} h`);

function throughputLines(
  throughput: Throughput | undefined,
  estimates: Array<{ name: string; estimate: StudyEstimate }>,
): string[] {
  if (!throughput) return [];
  return [
    `- **Throughput**: structure learning ${rate(throughput.learn)}, retraining ${rate(throughput.retrain)} (training images × epochs over each retraining's time, evaluations included)`,
    ...estimates.map(
      ({ name, estimate: e }) =>
        `- **\`${name}\` at this throughput**: ${e.cells} cells and ${e.retrainings} retrainings, ~${hours(e.learnHours)} of structure learning + ~${hours(e.retrainHours)} of retraining, one training at a time`,
    ),
  ];
}

/** Replaces the text between `<!-- quality:<name>:begin -->` and `:end -->` in `doc` (appends the pair when missing). */
export function spliceReport(doc: string, name: string, body: string): string {
  const begin = `<!-- quality:${name}:begin -->`;
  const end = `<!-- quality:${name}:end -->`;
  const block = `${begin}\n\n${body.trimEnd()}\n\n${end}`;
  const i = doc.indexOf(begin);
  const j = doc.indexOf(end);
  if (i >= 0 && j > i) return doc.slice(0, i) + block + doc.slice(j + end.length);
  return `${doc.trimEnd()}\n\n${block}\n`;
}
