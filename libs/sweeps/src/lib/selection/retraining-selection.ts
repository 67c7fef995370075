// Workflow-safe: bundled into Temporal's deterministic sandbox through the
// `@morphsweep/sweeps/selection` entry, so it imports nothing beyond contracts — no
// morphnet, TensorFlow.js or Node built-ins.

/** A run on the Pareto frontier, as far as retraining selection needs to know it. */
export interface FrontierCandidate {
  readonly runId: string;
  readonly accuracy: number;
  readonly cost: number;
  /** Hash of the learned structure; runs with equal hashes learned the same network. */
  readonly structureHash: string;
}

/** One retraining the auto policy starts. */
export interface RetrainingChoice {
  /** The frontier run whose structure is retrained. */
  readonly runId: string;
  /** That structure's hash (a candidate's, when the frontier is over candidates). */
  readonly structureHash: string;
  /** Also retrain the seed scaled uniformly to the same cost (the width-multiplier baseline). */
  readonly baseline: boolean;
}

/**
 * The auto-retraining policy: the `topK` most accurate frontier runs (ties: the cheaper
 * first, then frontier order), at most one per structure hash — equal structures train the
 * same network, so retraining a second one would only repeat the first — each with the
 * width-multiplier baseline when `baseline` is set. Pure and deterministic (a stable sort,
 * no clock or randomness), so workflow code may call it and replay gets the same answer.
 * Does not mutate `frontier`; `topK` ≤ 0 selects nothing.
 */
export function selectRetrainings(
  frontier: readonly FrontierCandidate[],
  policy: { readonly topK: number; readonly baseline: boolean },
): RetrainingChoice[] {
  const chosen: RetrainingChoice[] = [];
  const hashes = new Set<string>();
  const ranked = [...frontier].sort((a, b) => b.accuracy - a.accuracy || a.cost - b.cost);
  for (const f of ranked) {
    if (chosen.length >= policy.topK || hashes.has(f.structureHash)) continue;
    hashes.add(f.structureHash);
    chosen.push({ runId: f.runId, structureHash: f.structureHash, baseline: policy.baseline });
  }
  return chosen;
}
