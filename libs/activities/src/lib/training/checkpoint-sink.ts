import { randomUUID } from 'node:crypto';
import { ArtifactRepository, type Db } from '@morphsweep/db';
import type { ArtifactStore } from '@morphsweep/storage';
import { newestCheckpoint, type CheckpointRef, type CheckpointSink } from '@morphsweep/training';

/** Where a checkpoint of `owner` (a run or retraining) lives in the store. */
export function checkpointKey(
  owner: { runId?: string; retrainingId?: string },
  step: number,
): string {
  const folder = owner.runId ? `runs/${owner.runId}` : `retrainings/${owner.retrainingId}`;
  return `${folder}/checkpoint-${String(step).padStart(9, '0')}.bin`;
}

/** The step a URI of {@link checkpointKey}'s form names; undefined for any other URI. */
export function checkpointStepOf(uri: string): number | undefined {
  const match = /\/checkpoint-(\d+)\.bin$/.exec(uri);
  return match ? Number(match[1]) : undefined;
}

/**
 * The newest checkpoint {@link artifactCheckpointSink} recorded for `owner` (its `Artifact`
 * rows; the step read from the key), or undefined. A row is written only once its object is
 * stored, so it can be newer than the checkpoint a crashed attempt managed to heartbeat.
 */
export async function recordedCheckpoint(
  db: Db,
  owner: { runId?: string; retrainingId?: string },
): Promise<CheckpointRef | undefined> {
  const rows = await db.artifact.findMany({
    where: { ...owner, kind: 'CHECKPOINT' },
    select: { uri: true },
  });
  return newestCheckpoint(...rows.map(({ uri }) => ({ uri, step: checkpointStepOf(uri) })));
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
