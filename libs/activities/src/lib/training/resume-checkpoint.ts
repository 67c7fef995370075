import { StorageError, type ArtifactStore } from '@morphsweep/storage';
import type { CheckpointRef } from '@morphsweep/training';

/** A checkpoint that was read back whole (its checksum matched), with its bytes. */
export interface VerifiedCheckpoint extends CheckpointRef {
  bytes: Buffer;
}

// What says a checkpoint object is bad rather than the store unreachable.
const BAD_OBJECT = new Set(['NOT_FOUND', 'CHECKSUM_MISMATCH', 'INVALID_KEY']);

/**
 * The newest of `candidates` (the heartbeat's, the run row's, the recorded ones; duplicates
 * and malformed refs ignored) whose object this store reads back whole, or undefined (train
 * from step 0). A missing object, a checksum mismatch or a URI of another store skips to the
 * next older one, reported through `onSkip`: retrying the same bad checkpoint could never
 * succeed, so a cell would be unresumable. Any other store error (unreachable) is thrown,
 * for the activity to be retried.
 */
export async function readableCheckpoint(
  store: ArtifactStore,
  candidates: ReadonlyArray<Partial<CheckpointRef> | undefined>,
  onSkip: (ref: CheckpointRef, reason: string) => void = () => undefined,
): Promise<VerifiedCheckpoint | undefined> {
  const refs = new Map<string, CheckpointRef>();
  for (const c of candidates) {
    if (!c?.uri || !Number.isInteger(c.step) || (c.step as number) < 0) continue;
    const seen = refs.get(c.uri);
    if (!seen || seen.step < (c.step as number))
      refs.set(c.uri, { uri: c.uri, step: c.step as number });
  }
  const newestFirst = [...refs.values()].sort((a, b) => b.step - a.step);
  const prefix = `${store.url}/`;
  for (const ref of newestFirst) {
    if (!ref.uri.startsWith(prefix)) {
      onSkip(ref, `not in the artifact store ${store.url}`);
      continue;
    }
    try {
      return { ...ref, bytes: await store.get(ref.uri.slice(prefix.length)) };
    } catch (error) {
      if (!(error instanceof StorageError) || !BAD_OBJECT.has(error.code)) throw error;
      onSkip(ref, error.message);
    }
  }
  return undefined;
}
