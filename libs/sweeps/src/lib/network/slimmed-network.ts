import type { SweepSpec } from '@morphsweep/contracts';
import { applyStructure, type NetworkDescription } from '@morphsweep/morphnet';
import { seedNetworkOf } from './seed-network';

/**
 * The slimmed network of a learned structure: the spec's seed network with each layer's
 * output width set to the structure's alive count (MorphNet's alive-count map, keyed as
 * `exportedWidths` keys the seed). What a structure download serves and what retraining
 * trains. Throws `MorphnetError` when the seed does not resolve or the structure does not fit it.
 */
export function slimmedNetworkOf(
  spec: Pick<SweepSpec, 'seedNetwork'>,
  structure: Readonly<Record<string, number>>,
): NetworkDescription {
  return applyStructure(seedNetworkOf(spec), structure);
}
