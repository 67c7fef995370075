import { describe, expect, inject, it } from 'vitest';
import { createArtifactStore } from '@morphsweep/storage';
import { waitFor } from '@morphsweep/devstack';
import { idxBytes, patternImages } from '../test/fixtures';
import { importDataset } from './dataset-cache';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Datasets on a real S3-compatible server (SeaweedFS), read through the artifact store.
const s3 = inject('stack').s3!;
const env = {
  S3_ENDPOINT: s3.endpoint,
  AWS_ACCESS_KEY_ID: s3.accessKeyId,
  AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
};

describe('importDataset (s3://)', () => {
  it('reads a folder of IDX files and a single object, the same bytes as from disk', async () => {
    const prefix = `datasets-${Date.now()}`;
    const store = createArtifactStore(`s3://${s3.bucket}/${prefix}`, env);
    await waitFor(
      () => store.check().then(() => true),
      30_000,
      'the S3 server did not become usable',
    );
    await store.put('idx/train-images-idx3-ubyte', idxBytes([4, 3, 3], patternImages(4, 9)));
    await store.put('idx/train-labels-idx1-ubyte', idxBytes([4], Uint8Array.of(0, 1, 0, 1)));
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'cache-'));
    const { facts } = await importDataset(
      { uri: `s3://${s3.bucket}/${prefix}/idx`, format: 'idx' },
      { cacheDir, env },
    );
    expect(facts).toMatchObject({ height: 3, width: 3, channels: 1, trainCount: 4, numClasses: 2 });
    await expect(
      importDataset(
        { uri: `s3://${s3.bucket}/${prefix}/nothing`, format: 'idx' },
        { cacheDir, env },
      ),
    ).rejects.toThrow(/no files at/);
  });
});
