import { suggestStrengthGrid, type LogRange, type SweepSpec } from '@morphsweep/contracts';
import type { NetworkDescription } from '@morphsweep/morphnet';
import { networkCost } from '../cost/resource-function';

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
 * Throws `MorphnetError` (a description it cannot cost, unknown latency hardware) and
 * RangeError for a network of zero cost.
 */
export function strengthGridFor(
  network: NetworkDescription,
  target: SweepSpec['morphnet'],
  count: number,
): StrengthGridSuggestion {
  const seedCost = networkCost(network, target);
  return { seedCost, strengths: suggestStrengthGrid(seedCost, { count }) };
}
