import {
  compareToUniform,
  type RetrainedPoint,
  type UniformComparison,
} from '@morphsweep/contracts';
import type { Retraining } from '../../api/types';

/** What the comparison panel shows: the comparison, or what it still lacks. */
export type ComparisonView =
  { kind: 'ready'; comparison: UniformComparison } | { kind: 'missing'; message: string };

// Succeeded retrainings of one kind as points: one per structure, an accuracy per retraining
// of it (several when a structure was retrained with several seeds).
function pointsOf(retrainings: readonly Retraining[], kind: Retraining['kind']): RetrainedPoint[] {
  const byStructure = new Map<string, { cost: number; accuracies: number[] }>();
  for (const r of retrainings) {
    if (r.kind !== kind || r.status !== 'SUCCEEDED') continue;
    if (r.finalAccuracy === null || r.measuredCost === null) continue;
    const point = byStructure.get(r.structureHash) ?? { cost: r.measuredCost, accuracies: [] };
    point.accuracies.push(r.finalAccuracy);
    byStructure.set(r.structureHash, point);
  }
  return [...byStructure.values()];
}

/**
 * The retrained learned frontier against the uniform (width-multiplier) curve of a sweep's
 * retrainings, or a sentence saying which of the two has no retrained point yet.
 */
export function comparisonView(retrainings: readonly Retraining[]): ComparisonView {
  const learned = pointsOf(retrainings, 'LEARNED');
  const uniform = pointsOf(retrainings, 'WIDTH_MULTIPLIER');
  if (learned.length === 0 && uniform.length === 0)
    return {
      kind: 'missing',
      message:
        'No retrained structure or baseline yet: promote frontier runs with the width-multiplier baseline on, or use the auto policy with baseline.',
    };
  if (uniform.length === 0)
    return {
      kind: 'missing',
      message:
        'No retrained width-multiplier baseline yet: retrain with the baseline on to compare against uniform scaling.',
    };
  if (learned.length === 0)
    return { kind: 'missing', message: 'No retrained learned structure has succeeded yet.' };
  return { kind: 'ready', comparison: compareToUniform(learned, uniform) };
}
