import { describe, expect, it } from 'vitest';
import { linearScale, renderChart } from './chart';

describe('linearScale', () => {
  it('widens the domain to round ticks and maps it onto the range', () => {
    const x = linearScale([3, 97], [0, 500]);
    expect(x.domain).toEqual([0, 100]);
    expect(x.ticks).toEqual([0, 20, 40, 60, 80, 100]);
    expect(x(0)).toBe(0);
    expect(x(50)).toBe(250);
    expect(x(100)).toBe(500);
  });

  it('runs backwards for a y axis (pixels grow downwards)', () => {
    const y = linearScale([80.3, 84.9], [300, 20]);
    expect(y.domain).toEqual([80, 85]);
    expect(y(80)).toBe(300);
    expect(y(85)).toBe(20);
  });

  it('rounds ticks of decimal steps (no 0.30000000000000004)', () => {
    expect(linearScale([0.1, 0.5], [0, 1], 4).ticks).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
  });

  it('gives a single value a unit-wide domain and refuses non-finite ones', () => {
    expect(linearScale([5, 5], [0, 10]).domain[0]).toBeLessThan(5);
    expect(() => linearScale([0, Number.NaN], [0, 1])).toThrow(/must be finite/);
  });
});

describe('renderChart', () => {
  const series = [
    {
      label: 'learned',
      color: 'red',
      marker: 'circle' as const,
      line: false,
      points: [{ x: 50, y: 85, error: 0.5 }],
    },
    {
      label: 'uniform',
      color: 'black',
      marker: 'triangle' as const,
      line: true,
      points: [
        { x: 75, y: 86 },
        { x: 25, y: 82 },
      ],
    },
  ];

  it('draws every point, error bar, line and legend entry at their scaled positions', () => {
    const svg = renderChart({ title: 't', xLabel: 'FLOPs', yLabel: 'accuracy', series });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<circle /g)).toHaveLength(2); // the point and its legend marker
    expect(svg.match(/<polygon /g)).toHaveLength(3);
    expect(svg).toContain('<polyline');
    expect(svg).toContain('>learned</text>');
    // x: 0–80 over 60–620 px; the learned point at 50 sits at 60 + 50/80 × 560 = 410.
    expect(svg).toMatch(/<circle cx="410" /);
  });

  it('spans a given x domain even when the points sit inside it', () => {
    const svg = renderChart({ title: 't', xLabel: 'x', yLabel: 'y', series, xDomain: [0, 100] });
    // x: 0–100 over 60–620 px: 50 → 340, and a tick label at 100.
    expect(svg).toMatch(/<circle cx="340" /);
    expect(svg).toContain('>100</text>');
  });

  it('refuses a chart without points', () => {
    expect(() => renderChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [] })).toThrow(
      /no points/,
    );
  });
});
