import { readFile } from 'node:fs/promises';
import {
  MorphnetError,
  ZOO_NETWORKS,
  parseNetwork,
  zooNetwork,
  type NetworkDescription,
} from '@morphsweep/morphnet';
import { UsageError } from '../command';

/** A zoo network by name, or a `morphsweep-network/v1` JSON file. */
export async function loadNetwork(ref: string): Promise<NetworkDescription> {
  if (ZOO_NETWORKS.includes(ref)) return zooNetwork(ref);
  let text: string;
  try {
    text = await readFile(ref, 'utf8');
  } catch {
    throw new UsageError(
      `"${ref}" is neither a readable file nor a zoo network (${ZOO_NETWORKS.join(', ')})`,
    );
  }
  try {
    return parseNetwork(JSON.parse(text));
  } catch (error) {
    if (error instanceof SyntaxError)
      throw new MorphnetError('INVALID_NETWORK', `${ref} is not valid JSON: ${error.message}`);
    throw error;
  }
}
