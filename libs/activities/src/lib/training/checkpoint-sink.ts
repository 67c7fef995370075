import { randomUUID } from 'node:crypto';
import { ArtifactRepository, type Db } from '@morphsweep/db';
import type { ArtifactStore } from '@morphsweep/storage';
import type { CheckpointSink } from './trainer.types';

/** Where a checkpoint of `owner` (a run or retraining) lives in the store. */
export function checkpointKey(
  owner: { runId?: string; retrainingId?: string },
  step: number,
): string {
  const folder = owner.runId ? `runs/${owner.runId}` : `retrainings/${owner.retrainingId}`;
  return `${folder}/checkpoint-${String(step).padStart(9, '0')}.bin`;
}

/**
 * A {@link CheckpointSink} over an artifact store: each checkpoint is a whole object keyed by
 * owner and step (so a replayed save rewrites the same object) and an `Artifact` row upserted
 * by URI. `load` accepts any URI of this store.
 */
export function artifactCheckpointSink(
  store: ArtifactStore,
  db: Db,
  owner: { runId?: string; retrainingId?: string },
): CheckpointSink {
  const artifacts = new ArtifactRepository(db);
  return {
    async save(step, bytes) {
      const info = await store.put(checkpointKey(owner, step), bytes);
      await artifacts.record({
        id: randomUUID(),
        uri: info.uri,
        kind: 'CHECKPOINT',
        sizeBytes: info.sizeBytes,
        sha256: info.sha256,
        ...owner,
      });
      return info.uri;
    },
    async load(uri) {
      const prefix = `${store.url}/`;
      if (!uri.startsWith(prefix))
        throw new Error(`checkpoint ${uri} is not in the artifact store ${store.url}`);
      return store.get(uri.slice(prefix.length));
    },
  };
}
