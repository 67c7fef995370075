import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LocalArtifactStore, StorageError, type ArtifactStore } from '@morphsweep/storage';
import { checkpointKey } from './checkpoint-sink';
import { readableCheckpoint } from './resume-checkpoint';

function newStore(): LocalArtifactStore {
  return new LocalArtifactStore(mkdtempSync(path.join(os.tmpdir(), 'resume-checkpoint-')));
}

async function saved(store: ArtifactStore, step: number): Promise<{ uri: string; step: number }> {
  const info = await store.put(checkpointKey({ runId: 'r1' }, step), Buffer.from(`at ${step}`));
  return { uri: info.uri, step };
}

describe(readableCheckpoint.name, () => {
  it('takes the newest checkpoint that reads back whole, with its bytes', async () => {
    const store = newStore();
    const [c5, c10] = [await saved(store, 5), await saved(store, 10)];
    const found = await readableCheckpoint(store, [c5, undefined, c10, { uri: c5.uri, step: 5 }]);
    expect(found).toEqual({ ...c10, bytes: Buffer.from('at 10') });
  });

  it('falls back past a corrupt and a missing checkpoint to the previous good one, then to none', async () => {
    const store = newStore();
    const [c5, c10, c15] = [await saved(store, 5), await saved(store, 10), await saved(store, 15)];
    writeFileSync(fileURLToPath(c15.uri), 'torn');
    await store.delete(checkpointKey({ runId: 'r1' }, 10));
    const skipped: string[] = [];
    const found = await readableCheckpoint(store, [c15, c10, c5], (ref, reason) =>
      skipped.push(`${ref.step}: ${reason}`),
    );
    expect(found).toMatchObject({ uri: c5.uri, step: 5 });
    expect(skipped).toEqual([
      expect.stringMatching(/^15: .*does not match its recorded SHA-256/),
      expect.stringMatching(/^10: .*not found/),
    ]);
    writeFileSync(fileURLToPath(c5.uri), 'torn too');
    expect(await readableCheckpoint(store, [c15, c10, c5])).toBeUndefined();
    expect(
      await readableCheckpoint(store, [{ uri: 's3://elsewhere/runs/r1/x.bin', step: 99 }]),
    ).toBeUndefined();
  });

  it('throws when the store is unreachable (the attempt is retried, nothing is skipped)', async () => {
    const store = newStore();
    const c5 = await saved(store, 5);
    const down: ArtifactStore = Object.assign(Object.create(store) as ArtifactStore, {
      url: store.url,
      get: () => Promise.reject(new StorageError('UNAVAILABLE', 'store down')),
    });
    await expect(readableCheckpoint(down, [c5])).rejects.toThrow('store down');
  });
});
