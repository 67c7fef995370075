import type { SweepSpec } from '@morphsweep/contracts';
import { parseNetwork, zooNetwork, type NetworkDescription } from '@morphsweep/morphnet';

/**
 * The seed network a spec names: a zoo network by name, or its own description validated by
 * morphnet. Throws `MorphnetError` for an unknown name or an invalid description.
 */
export function seedNetworkOf(spec: Pick<SweepSpec, 'seedNetwork'>): NetworkDescription {
  return typeof spec.seedNetwork === 'string'
    ? zooNetwork(spec.seedNetwork)
    : parseNetwork(spec.seedNetwork);
}
