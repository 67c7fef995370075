import { describe, expect, it } from 'vitest';
import { busy, chartSeries, formatStats, renderReport, span, spliceReport } from './report';
import type { FamilyResult, StudyResults } from './results';

const run = (id: string, status: string, cost: number | null) => ({
  id,
  strength: 1e-8,
  threshold: 0.1,
  status,
  cost,
  accuracy: cost === null ? null : 0.8,
  structure: cost === null ? null : { 'conv1/Conv2D': 16, 'conv2/Conv2D': 32 },
  structureHash: id,
  paretoOptimal: cost !== null,
  errorCode: null,
  startedAt: null,
  finishedAt: null,
});
const retraining = (kind: 'LEARNED' | 'WIDTH_MULTIPLIER', accuracy: number, replica: number) => ({
  id: `${kind}-${replica}`,
  sourceRunId: 'a',
  kind,
  replica,
  seed: replica,
  status: 'SUCCEEDED',
  finalAccuracy: accuracy,
  measuredCost: 500,
  parameters: 1,
  errorCode: null,
  startedAt: null,
  finishedAt: null,
});
const family = (name: string, extra: Partial<FamilyResult>): FamilyResult => ({
  family: name,
  network: 'fmnist-cnn-wide',
  seedCost: 1000,
  suggestion: { logRange: [1e-4, 1e-2], count: 5 },
  strengths: [1e-8],
  thresholds: [0.1],
  idempotencyKey: name,
  runs: [],
  selected: [],
  promoted: [],
  retrainings: [],
  ...extra,
});
const results: StudyResults = {
  config: 'medium',
  command: 'npx tsx bench/quality/quality.ts --config=medium',
  machine: { cpu: 'AMD EPYC', cores: 2, node: 'v20' },
  startedAt: '',
  updatedAt: '',
  steps: [],
  loadSamples: [],
  families: [
    family('gamma', {
      runs: [run('a', 'SUCCEEDED', 500)],
      selected: [{ target: 0.5, runId: 'a', fraction: 0.5 }],
      promoted: ['a'],
      retrainings: [
        ...[0.85, 0.86, 0.87].map((a, i) => retraining('LEARNED', a, i)),
        ...[0.8, 0.81, 0.82].map((a, i) => retraining('WIDTH_MULTIPLIER', a, i)),
      ],
    }),
    family('logistic-sigmoid', {
      runs: [run('b', 'CANCELLED', null), run('c', 'CANCELLED', null)],
    }),
  ],
};

describe('renderReport', () => {
  const md = renderReport(results, {
    name: 'medium',
    seeds: 3,
    chartPath: 'quality/medium.svg',
    about: 'About',
  });

  it('writes a row per chosen structure from the results: widths, FLOPs, mean ± sd and the verdict', () => {
    expect(md).toContain(
      '| 50 % | 1.00e-8 × 0.1 | 16 / 32 | 50.0 % | 80.0 % | 86.00 ± 1.00 (3) | 50.0 % | 81.00 ± 1.00 (3) | +5.00 | yes (spread 1.00) |',
    );
    expect(md).toContain('![medium: retrained test accuracy against FLOPs](quality/medium.svg)');
  });

  it("states the goal's verdict per target, with the figures behind it", () => {
    expect(md).toContain(
      '**The goal** (beat the uniform network of the same FLOPs by more than the seed-to-seed spread): at 25 % not measured (no structure near it); at 50 % **met** (50.0 % of the seed: +5.00 points against a spread of 1.00); at 75 % not measured (no structure near it).',
    );
  });

  it('says why a family has no row when its structure learning was cancelled', () => {
    expect(md).toContain('structure learning cancelled (2 of 2 cells): nothing to retrain yet');
  });
});

describe('chartSeries', () => {
  it('leaves out families without retrained points', () => {
    expect(chartSeries(results).map((s) => s.label)).toEqual([
      'Gamma learned',
      'uniform width multiplier',
    ]);
  });
});

describe('formatStats', () => {
  it('writes mean ± sd (n) in percent, — where a figure is missing', () => {
    expect(formatStats({ mean: 0.8512, sd: 0.0031, n: 3 })).toBe('85.12 ± 0.31 (3)');
    expect(formatStats({ mean: 0.8, sd: null, n: 1 })).toBe('80.00 ± — (1)');
    expect(formatStats(null)).toBe('—');
  });
});

describe('span and busy', () => {
  const rows = [
    { startedAt: '2026-12-01T10:00:00Z', finishedAt: '2026-12-01T10:01:00Z' },
    { startedAt: '2026-12-01T10:05:00Z', finishedAt: '2026-12-01T10:07:00Z' },
    { startedAt: null, finishedAt: null },
  ];

  it('spans from the first start to the last finish, and sums the trainings alone', () => {
    expect(span(rows)).toBe(7 * 60_000);
    expect(busy(rows)).toBe(3 * 60_000);
    expect(span([{ startedAt: null, finishedAt: null }])).toBeNull();
  });
});

describe('spliceReport', () => {
  it("replaces only its own config's block and keeps the prose around it", () => {
    const doc =
      'intro\n\n<!-- quality:medium:begin -->\nold\n<!-- quality:medium:end -->\n\nverdict\n';
    const out = spliceReport(doc, 'medium', 'new table');
    expect(out).toBe(
      'intro\n\n<!-- quality:medium:begin -->\n\nnew table\n\n<!-- quality:medium:end -->\n\nverdict\n',
    );
    expect(spliceReport(out, 'medium', 'new table')).toBe(out);
  });

  it('appends a block for a config the doc does not have yet', () => {
    expect(spliceReport('intro\n', 'smoke', 'x')).toBe(
      'intro\n\n<!-- quality:smoke:begin -->\n\nx\n\n<!-- quality:smoke:end -->\n',
    );
  });
});
