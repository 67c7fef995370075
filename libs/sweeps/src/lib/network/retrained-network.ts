import type { RetrainingKind, SweepSpec } from '@morphsweep/contracts';
import type { NetworkDescription } from '@morphsweep/morphnet';
import { slimmedNetworkOf } from './slimmed-network';
import { widthBaselineNetworkOf } from './width-baseline-network';

/** The learned structure a retraining starts from (a run's, or one of its candidates'). */
export interface RetrainedStructure {
  structure: Readonly<Record<string, number>>;
  cost: number;
}

/**
 * The network a retraining trains: the slimmed network of the structure, or (kind
 * WIDTH_MULTIPLIER) the seed scaled uniformly to the structure's cost. The retraining
 * activity builds it to train and the API rebuilds it to export, so both use this one rule.
 * Throws `MorphnetError` when the structure does not fit the seed.
 */
export function retrainedNetworkOf(
  spec: Pick<SweepSpec, 'seedNetwork' | 'morphnet'>,
  kind: RetrainingKind,
  source: RetrainedStructure,
): NetworkDescription {
  return kind === 'WIDTH_MULTIPLIER'
    ? widthBaselineNetworkOf(spec, source.cost)
    : slimmedNetworkOf(spec, source.structure);
}
