import { suggestStrengthGrid, type LogRange, type SweepSpec } from '@morphsweep/contracts';
import { MorphnetError, type NetworkDescription } from '@morphsweep/morphnet';
import { networkCost } from '../cost/resource-function';
import { seedCostProblem } from '../cost/seed-cost.rule';

/** A suggested strength grid and the seed cost it is centred on. */
export interface StrengthGridSuggestion {
  /** Cost of the network at full width in the target's resource. */
  seedCost: number;
  /** `count` strengths on a log range (two decades) centred on 1 / seedCost. */
  strengths: LogRange;
}

/**
 * The regularization strengths to sweep for `network` under `target`: MorphNet recommends
 * starting near 1 / (seed cost), so the grid is `suggestStrengthGrid` around that cost.
 * Throws `MorphnetError`: a description it cannot cost, unknown latency hardware
 * (`UNKNOWN_HARDWARE`), or a cost that is not finite and positive (`INVALID_ARGUMENT`).
 */
export function strengthGridFor(
  network: NetworkDescription,
  target: SweepSpec['morphnet'],
  count: number,
): StrengthGridSuggestion {
  const seedCost = networkCost(network, target);
  const problem = seedCostProblem(seedCost, target);
  if (problem !== undefined) throw new MorphnetError('INVALID_ARGUMENT', problem);
  return { seedCost, strengths: suggestStrengthGrid(seedCost, { count }) };
}
