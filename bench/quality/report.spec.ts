import { describe, expect, it } from 'vitest';
import { busy, formatStats, span, spliceReport } from './report';

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
