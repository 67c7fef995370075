import type { SeedSpread } from '@morphsweep/contracts';
import type { Retraining } from '../../api/types';
import { compact, percent } from '../../components/format';
import { BASELINE_COLOR, RETRAINED_COLOR } from './pareto-canvas';
import { comparisonView } from './uniform-comparison.model';

const WIDTH = 560;
const HEIGHT = 240;
const PAD = { left: 56, right: 16, top: 12, bottom: 36 };

// "12.3 % ± 1.1" (a fraction shown in percent; points when `points`), or "—".
function figure(spread: SeedSpread | null, unit: 'percent' | 'points'): string {
  if (!spread) return '—';
  const scale = 100;
  const digits = unit === 'points' ? 2 : 1;
  const suffix = unit === 'points' ? ' pts' : ' %';
  const sign = unit === 'points' && spread.mean > 0 ? '+' : '';
  const sd = spread.sd === null ? '' : ` ± ${(spread.sd * scale).toFixed(digits)}`;
  return `${sign}${(spread.mean * scale).toFixed(digits)}${sd}${suffix}`;
}

function seedsNote(spread: SeedSpread | null): string {
  if (!spread) return 'no learned point inside the uniform curve’s range';
  return spread.sd === null ? 'one seed: no spread' : `spread over ${spread.seeds} seeds`;
}

/**
 * MorphNet's claim on this sweep: the retrained learned frontier (stars' line) against the
 * uniform curve (width-multiplier baselines), cost on a log axis, with "cost saved at equal
 * accuracy" and "accuracy gained at equal cost" interpolated along the uniform curve
 * (`compareToUniform`). Until both curves have a retrained point it says what is missing.
 */
export function UniformComparison({
  retrainings,
  resource,
}: {
  retrainings: readonly Retraining[];
  resource: string;
}) {
  const view = comparisonView(retrainings);
  if (view.kind === 'missing') return <p className="chart-empty">{view.message}</p>;
  const { comparison } = view;
  const unit = resource === 'flops' ? 'FLOPs' : resource;
  const all = [...comparison.points, ...comparison.uniform];
  const [lo, hi] = [Math.min(...all.map((p) => p.cost)), Math.max(...all.map((p) => p.cost))];
  const [aLo, aHi] = [
    Math.min(...all.map((p) => p.accuracy)),
    Math.max(...all.map((p) => p.accuracy)),
  ];
  const x = (cost: number) =>
    PAD.left +
    ((Math.log(cost) - Math.log(lo)) / (Math.log(hi) - Math.log(lo) || 1)) *
      (WIDTH - PAD.left - PAD.right);
  const y = (accuracy: number) =>
    HEIGHT - PAD.bottom - ((accuracy - aLo) / (aHi - aLo || 1)) * (HEIGHT - PAD.top - PAD.bottom);
  const line = (points: Array<{ cost: number; accuracy: number }>) =>
    points.map((p) => `${x(p.cost).toFixed(1)},${y(p.accuracy).toFixed(1)}`).join(' ');
  return (
    <div className="uniform-comparison">
      <dl className="facts">
        <div>
          <dt>{unit} saved at equal accuracy</dt>
          <dd>
            {figure(comparison.costSaved, 'percent')}{' '}
            <small>({seedsNote(comparison.costSaved)})</small>
          </dd>
        </div>
        <div>
          <dt>Accuracy gained at equal {unit}</dt>
          <dd>
            {figure(comparison.accuracyGained, 'points')}{' '}
            <small>({seedsNote(comparison.accuracyGained)})</small>
          </dd>
        </div>
      </dl>
      <svg
        role="img"
        aria-label={`Retrained learned frontier against the uniform width-multiplier curve, ${unit} on a log axis`}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        style={{ maxWidth: WIDTH }}
      >
        <line
          x1={PAD.left}
          y1={HEIGHT - PAD.bottom}
          x2={WIDTH - PAD.right}
          y2={HEIGHT - PAD.bottom}
          stroke="currentColor"
          strokeOpacity={0.4}
        />
        <text x={PAD.left} y={HEIGHT - 8} fontSize={11}>
          {compact(lo)}
        </text>
        <text x={WIDTH - PAD.right} y={HEIGHT - 8} fontSize={11} textAnchor="end">
          {compact(hi)} {unit}
        </text>
        <text x={4} y={y(aHi) + 4} fontSize={11}>
          {percent(aHi)}
        </text>
        <text x={4} y={y(aLo) + 4} fontSize={11}>
          {percent(aLo)}
        </text>
        <polyline points={line(comparison.uniform)} fill="none" stroke={BASELINE_COLOR} />
        {comparison.uniform.map((p) => (
          <circle key={`u${p.cost}`} cx={x(p.cost)} cy={y(p.accuracy)} r={3} fill={BASELINE_COLOR}>
            <title>{`uniform: ${compact(p.cost)} ${unit}, ${percent(p.accuracy)}`}</title>
          </circle>
        ))}
        <polyline points={line(comparison.points)} fill="none" stroke={RETRAINED_COLOR} />
        {comparison.points.map((p) => (
          <circle key={`l${p.cost}`} cx={x(p.cost)} cy={y(p.accuracy)} r={4} fill={RETRAINED_COLOR}>
            <title>{`learned: ${compact(p.cost)} ${unit}, ${percent(p.accuracy)}`}</title>
          </circle>
        ))}
      </svg>
      <p className="legend">
        <span style={{ color: RETRAINED_COLOR }}>●</span> learned structures, retrained ·{' '}
        <span style={{ color: BASELINE_COLOR }}>●</span> uniform width multipliers, retrained
      </p>
    </div>
  );
}
