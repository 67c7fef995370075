import { randomBytes, createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { ArtifactStore } from './artifact-store';
import { createArtifactStore } from './create-artifact-store';
import { waitFor } from '@morphsweep/devstack';

// One contract suite, run against every store implementation.
const s3 = inject('stack').s3!;
const s3Env = {
  S3_ENDPOINT: s3.endpoint,
  AWS_ACCESS_KEY_ID: s3.accessKeyId,
  AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
};

const stores: Array<[string, () => ArtifactStore]> = [
  [
    'local directory',
    () => createArtifactStore(`file://${mkdtempSync(path.join(os.tmpdir(), 'artifacts-'))}`),
  ],
  ['S3 (SeaweedFS)', () => createArtifactStore(`s3://${s3.bucket}/run-${Date.now()}`, s3Env)],
];

describe.each(stores)('artifact store: %s', (_name, make) => {
  let store: ArtifactStore;
  beforeAll(async () => {
    store = make();
    // SeaweedFS creates the bucket just after its S3 port opens.
    await waitFor(() => store.check().then(() => true), 30_000, 'the store did not become usable');
  });

  it('round-trips bytes with size and SHA-256', async () => {
    const data = randomBytes(4096);
    const info = await store.put('runs/r1/structure.json', data);
    expect(info).toEqual({
      key: 'runs/r1/structure.json',
      uri: `${store.url}/runs/r1/structure.json`,
      sizeBytes: 4096,
      sha256: createHash('sha256').update(data).digest('hex'),
    });
    expect(Buffer.compare(await store.get('runs/r1/structure.json'), data)).toBe(0);
    expect(await store.stat('runs/r1/structure.json')).toEqual(info);
  });

  it('streams a large object in and out without changing a byte', async () => {
    const data = randomBytes(12 * 1024 * 1024); // over the 5 MiB multipart part size
    const chunks = Array.from({ length: 12 }, (_, i) =>
      data.subarray(i * 1024 * 1024, (i + 1) * 1024 * 1024),
    );
    const info = await store.put('runs/r1/checkpoint-100.bin', Readable.from(chunks));
    expect(info.sizeBytes).toBe(data.length);
    expect(info.sha256).toBe(createHash('sha256').update(data).digest('hex'));
    const back = await store.getStream('runs/r1/checkpoint-100.bin');
    const hash = createHash('sha256');
    for await (const chunk of back) hash.update(chunk as Buffer);
    expect(hash.digest('hex')).toBe(info.sha256);
  });

  it('overwrites a key, lists by prefix in key order, and deletes idempotently', async () => {
    await store.put('list/b.txt', 'one');
    await store.put('list/b.txt', 'two');
    await store.put('list/a.txt', 'a');
    await store.put('other/c.txt', 'c');
    expect(await text(await store.getStream('list/b.txt'))).toBe('two');
    expect((await store.list('list/')).map((i) => [i.key, i.sizeBytes])).toEqual([
      ['list/a.txt', 1],
      ['list/b.txt', 3],
    ]);
    await store.delete('list/a.txt');
    await store.delete('list/a.txt');
    expect(await store.exists('list/a.txt')).toBe(false);
    expect(await store.exists('list/b.txt')).toBe(true);
  });

  it('reports a missing object as NOT_FOUND and rejects unsafe keys', async () => {
    expect(await store.stat('nope/missing')).toBeUndefined();
    await expect(store.get('nope/missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    for (const bad of ['', '/abs', '../escape', 'a//b', 'a/./b', 'a\\b']) {
      await expect(store.put(bad, 'x')).rejects.toMatchObject({ code: 'INVALID_KEY' });
    }
  });
});

describe('local store integrity', () => {
  it('refuses to return an object whose bytes changed behind its back', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'artifacts-'));
    const store = createArtifactStore(`file://${dir}`);
    await store.put('a/b.bin', 'original');
    writeFileSync(path.join(dir, 'a', 'b.bin'), 'tampered');
    await expect(store.get('a/b.bin')).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH' });
  });
});

describe('createArtifactStore', () => {
  it('resolves relative file:// URLs against the base directory', () => {
    expect(createArtifactStore('file://.data/artifacts', {}, '/srv/app').url).toBe(
      'file:///srv/app/.data/artifacts',
    );
  });

  it('names the problem in a bad URL', () => {
    expect(() => createArtifactStore('ftp://x')).toThrow(/must start with file:\/\/ or s3:\/\//);
    expect(() => createArtifactStore('s3://Bad_Bucket/x')).toThrow(/not a valid S3 bucket name/);
  });

  it('reports an unreachable S3 endpoint as UNAVAILABLE', async () => {
    const store = createArtifactStore('s3://nowhere/x', {
      ...s3Env,
      S3_ENDPOINT: 'http://127.0.0.1:9',
    });
    await expect(store.check()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
