// Workflow-safe (the `@morphsweep/sweeps/selection` entry): contracts only.
import { paretoFrontier } from '@morphsweep/contracts';
import type { FrontierCandidate } from './retraining-selection';

/** One (run, step, threshold) structure of a sweep. */
export interface CandidateStructure {
  readonly runId: string;
  readonly step: number;
  readonly threshold: number;
  /** Hash of the alive counts per layer: equal hashes are the same network. */
  readonly structureHash: string;
  readonly cost: number;
  /** Proxy accuracy of the run at that step; null when it was not measured. */
  readonly accuracy: number | null;
}

/** One distinct structure, with every (run, step, threshold) that produced it. */
export interface DedupedCandidate {
  readonly structureHash: string;
  /** The run whose candidate stands for the structure (its best proxy accuracy). */
  readonly runId: string;
  readonly step: number;
  readonly threshold: number;
  readonly cost: number;
  readonly accuracy: number | null;
  readonly sources: ReadonlyArray<{ runId: string; step: number; threshold: number }>;
}

function better(a: CandidateStructure, b: CandidateStructure): boolean {
  const [x, y] = [a.accuracy ?? -Infinity, b.accuracy ?? -Infinity];
  if (x !== y) return x > y;
  if (a.cost !== b.cost) return a.cost < b.cost;
  if (a.runId !== b.runId) return a.runId < b.runId;
  return a.step !== b.step ? a.step < b.step : a.threshold < b.threshold;
}

/**
 * Deduplicates candidates by structure: identical alive counts per layer are one network, so
 * they are retrained once. Each structure is represented by its candidate with the best proxy
 * accuracy (ties: the cheaper, then run id, step and threshold in order) and lists every
 * (run, step, threshold) that produced it, in that order. Output: by cost, then hash. Pure
 * and deterministic.
 */
export function dedupeCandidates(candidates: readonly CandidateStructure[]): DedupedCandidate[] {
  const groups = new Map<string, CandidateStructure[]>();
  for (const c of candidates)
    groups.set(c.structureHash, [...(groups.get(c.structureHash) ?? []), c]);
  const order = (a: CandidateStructure, b: CandidateStructure) =>
    a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : a.step - b.step || a.threshold - b.threshold;
  return [...groups.entries()]
    .map(([structureHash, group]) => {
      const best = group.reduce((a, b) => (better(b, a) ? b : a));
      return {
        structureHash,
        runId: best.runId,
        step: best.step,
        threshold: best.threshold,
        cost: best.cost,
        accuracy: best.accuracy,
        sources: [...group]
          .sort(order)
          .map(({ runId, step, threshold }) => ({ runId, step, threshold })),
      };
    })
    .sort((a, b) => a.cost - b.cost || (a.structureHash < b.structureHash ? -1 : 1));
}

/**
 * The Pareto frontier (cost ↓, proxy accuracy ↑) over a sweep's deduplicated candidates:
 * one point per structure ({@link dedupeCandidates}), its run the one standing for it;
 * candidates without a proxy accuracy are left out. By cost, then structure hash.
 */
export function candidateFrontier(candidates: readonly CandidateStructure[]): FrontierCandidate[] {
  const deduped = dedupeCandidates(candidates).filter((d) => d.accuracy !== null);
  const byHash = new Map(deduped.map((d) => [d.structureHash, d]));
  return paretoFrontier(
    deduped.map((d) => ({ id: d.structureHash, cost: d.cost, accuracy: d.accuracy as number })),
  ).map((p) => ({
    runId: (byHash.get(p.id) as DedupedCandidate).runId,
    cost: p.cost,
    accuracy: p.accuracy,
    structureHash: p.id,
  }));
}
