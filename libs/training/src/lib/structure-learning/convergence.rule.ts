/** Parameters of the convergence rule. */
export interface ConvergenceOptions {
  /** Consecutive evaluations whose changes must all be small [5]. */
  readonly window: number;
  /** Largest relative change counted as small [1e-3]. */
  readonly tolerance: number;
}

/** The defaults of {@link hasConverged}. */
export const DEFAULT_CONVERGENCE: ConvergenceOptions = { window: 5, tolerance: 1e-3 };

/** What each evaluation contributes to the rule. */
export interface ConvergencePoint {
  readonly cost: number;
  readonly regLoss: number;
}

function relativeChange(previous: number, current: number): number {
  const scale = Math.max(Math.abs(previous), Math.abs(current));
  return scale === 0 ? 0 : Math.abs(current - previous) / scale;
}

/**
 * The early-stopping rule of structure learning: the run has converged when, over the last
 * `window` evaluations (so `window + 1` points), every step-to-step relative change of both
 * the alive structure's cost and the regularization loss is below `tolerance`
 * (relative change = |x₁ − x₀| / max(|x₀|, |x₁|), 0 when both are 0). A strong strength keeps
 * the cost falling and the run going; once the structure stops changing and the surrogate
 * stops shrinking, more steps would not change the learned structure.
 */
export function hasConverged(
  points: readonly ConvergencePoint[],
  options: ConvergenceOptions = DEFAULT_CONVERGENCE,
): boolean {
  if (options.window < 1 || points.length < options.window + 1) return false;
  const recent = points.slice(-(options.window + 1));
  for (let i = 1; i < recent.length; i++) {
    const [a, b] = [recent[i - 1] as ConvergencePoint, recent[i] as ConvergencePoint];
    if (
      relativeChange(a.cost, b.cost) >= options.tolerance ||
      relativeChange(a.regLoss, b.regLoss) >= options.tolerance
    )
      return false;
  }
  return true;
}
