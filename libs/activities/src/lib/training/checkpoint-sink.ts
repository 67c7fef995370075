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

/** Checkpoints kept per run or retraining unless `ActivityDeps.checkpointsKept` says otherwise. */
export const DEFAULT_CHECKPOINTS_KEPT = 3;

/**
 * Every checkpoint {@link artifactCheckpointSink} recorded for `owner` (its `Artifact` rows;
 * the step read from the key), in no particular order. A row is written only once its object
 * is stored, so one can be newer than the checkpoint a crashed attempt managed to heartbeat.
 */
export async function recordedCheckpoints(
  db: Db,
  owner: { runId?: string; retrainingId?: string },
): Promise<CheckpointRef[]> {
  const rows = await db.artifact.findMany({
    where: { ...owner, kind: 'CHECKPOINT' },
    select: { uri: true },
  });
  return rows.flatMap(({ uri }) => {
    const step = checkpointStepOf(uri);
    return step === undefined ? [] : [{ uri, step }];
  });
}

/** The newest of {@link recordedCheckpoints}, or undefined. */
export async function recordedCheckpoint(
  db: Db,
  owner: { runId?: string; retrainingId?: string },
): Promise<CheckpointRef | undefined> {
  return newestCheckpoint(...(await recordedCheckpoints(db, owner)));
}

/** Options of {@link artifactCheckpointSink}. */
export interface CheckpointSinkOptions {
  /** Checkpoints kept, newest first, counting the one just saved [3]; older ones are deleted. */
  keep?: number;
  /** The checkpoint the attempt resumes from, already read and verified: its first load is free. */
  verified?: { uri: string; bytes: Buffer };
}

/**
 * A {@link CheckpointSink} over an artifact store: each checkpoint is a whole object keyed by
 * owner and step (so a replayed save rewrites the same object) and an `Artifact` row upserted
 * by URI. After each save only the newest `keep` checkpoints up to that step stay (objects
 * and rows; with `checkpointInterval` 1 and millions of steps nothing was ever deleted);
 * newer ones, left by an attempt that got further, stay until this one rewrites them.
 * `load` accepts any URI of this store.
 */
export function artifactCheckpointSink(
  store: ArtifactStore,
  db: Db,
  owner: { runId?: string; retrainingId?: string },
  options: CheckpointSinkOptions = {},
): CheckpointSink {
  const artifacts = new ArtifactRepository(db);
  const keep = Math.max(1, options.keep ?? DEFAULT_CHECKPOINTS_KEPT);
  let verified = options.verified;
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
      // A failed clean-up must not fail the training; the next save prunes again.
      await pruneCheckpoints(store, db, owner, step, keep).catch(() => undefined);
      return info.uri;
    },
    async load(uri) {
      if (verified?.uri === uri) {
        const { bytes } = verified;
        verified = undefined;
        return bytes;
      }
      const prefix = `${store.url}/`;
      if (!uri.startsWith(prefix))
        throw new Error(`checkpoint ${uri} is not in the artifact store ${store.url}`);
      return store.get(uri.slice(prefix.length));
    },
  };
}

// Deletes the checkpoints older than the newest `keep` up to `step`: rows first, so a row never
// names a deleted object (an object left by a crash in between is only unlisted garbage).
async function pruneCheckpoints(
  store: ArtifactStore,
  db: Db,
  owner: { runId?: string; retrainingId?: string },
  step: number,
  keep: number,
): Promise<void> {
  const older = (await recordedCheckpoints(db, owner))
    .filter((c) => c.step <= step)
    .sort((a, b) => b.step - a.step)
    .slice(keep);
  if (older.length === 0) return;
  await new ArtifactRepository(db).deleteByUris(older.map((c) => c.uri));
  const prefix = `${store.url}/`;
  for (const { uri } of older) {
    if (uri.startsWith(prefix)) await store.delete(uri.slice(prefix.length));
  }
}
