import type { NewCandidate, Run } from '@morphsweep/db';
import { structureHash, type LearnMetricPoint } from '@morphsweep/training';

/**
 * The candidates in a batch of metric points: on each evaluation point, the structure at the
 * run's own threshold and at each candidate threshold (`atThresholds`) whose structure did
 * not collapse, costed in the sweep's resource, with the step's proxy accuracy.
 */
export function candidatesOf(
  run: Pick<Run, 'id' | 'sweepId' | 'threshold'>,
  points: readonly LearnMetricPoint[],
): NewCandidate[] {
  return points.flatMap((p) => {
    if (!p.aliveCounts) return [];
    const own = { threshold: run.threshold, aliveCounts: p.aliveCounts, cost: p.cost };
    const others = (p.atThresholds ?? []).filter((t) => !t.collapsed);
    return [own, ...others].map((t) => ({
      runId: run.id,
      sweepId: run.sweepId,
      step: p.step,
      threshold: t.threshold,
      structure: t.aliveCounts,
      structureHash: structureHash(t.aliveCounts),
      cost: t.cost,
      ...(p.accuracy === undefined ? {} : { accuracy: p.accuracy }),
    }));
  });
}
