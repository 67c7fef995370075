import {
  compareToUniform,
  seedSpread,
  type RetrainedPoint,
  type SeedSpread,
  type UniformComparison,
} from '@morphsweep/contracts';
import type { Retraining } from '../../api/types';

/** The replicas of one structure and kind: their mean accuracy ± sd over the succeeded ones. */
export interface RetrainedGroup {
  kind: Retraining['kind'];
  structureHash: string;
  /** The run whose structure it is (of the first replica). */
  sourceRunId: string | null;
  /** Measured cost (the same for every replica); null until one succeeded. */
  cost: number | null;
  /** Over the succeeded replicas (`seeds` is their number, n); null while none has. */
  accuracy: SeedSpread | null;
  /** Replicas of it in the list, whatever their state. */
  replicas: number;
}

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

/**
 * A sweep's retrainings grouped per structure and kind (replicas of one retraining), the
 * learned structures first, each by cost: what the comparison's points are made of.
 */
export function retrainedGroups(retrainings: readonly Retraining[]): RetrainedGroup[] {
  const groups = new Map<string, { first: Retraining; replicas: number; done: Retraining[] }>();
  for (const r of retrainings) {
    const key = `${r.kind}/${r.structureHash}`;
    const group = groups.get(key) ?? { first: r, replicas: 0, done: [] };
    group.replicas++;
    if (r.status === 'SUCCEEDED' && r.finalAccuracy !== null) group.done.push(r);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map(({ first, replicas, done }) => ({
      kind: first.kind,
      structureHash: first.structureHash,
      sourceRunId: first.sourceRunId,
      cost: done.find((r) => r.measuredCost !== null)?.measuredCost ?? null,
      accuracy: done.length > 0 ? seedSpread(done.map((r) => r.finalAccuracy as number)) : null,
      replicas,
    }))
    .sort((a, b) => kindOrder(a) - kindOrder(b) || costOrder(a) - costOrder(b));
}

const kindOrder = (g: RetrainedGroup) => (g.kind === 'LEARNED' ? 0 : 1);
// Groups without a succeeded replica (no cost yet) last.
const costOrder = (g: RetrainedGroup) => g.cost ?? Number.MAX_VALUE;
