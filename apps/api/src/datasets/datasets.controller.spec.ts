import 'reflect-metadata';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type Db } from '@morphsweep/db';
import { sweepSpec } from '../test/fixtures';
import { serveApi } from '../test/serve-api';

// POST/GET /api/datasets and sweeps on registered datasets, on the real Postgres and
// Temporal dev server; the datasets are IDX and CIFAR files this spec writes.
const stack = inject('stack');
const tmp = (name: string) => mkdtempSync(path.join(os.tmpdir(), `${name}-`));

function idx(shape: number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * shape.length + data.length);
  out.set([0, 0, 8, shape.length]);
  shape.forEach((d, i) => new DataView(out.buffer).setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * shape.length);
  return out;
}

/** An IDX pair of `count` h×w grey images labelled i mod classes, under a new folder. */
function idxDataset(count: number, side: number, classes: number, fill = 0): string {
  const dir = tmp('idx');
  const pixels = Uint8Array.from({ length: count * side * side }, (_, i) => (i + fill) % 251);
  writeFileSync(path.join(dir, 'train-images-idx3-ubyte'), idx([count, side, side], pixels));
  const labels = Uint8Array.from({ length: count }, (_, i) => i % classes);
  writeFileSync(path.join(dir, 'train-labels-idx1-ubyte'), idx([count], labels));
  return pathToFileURL(dir).href;
}

describe('datasets endpoints', () => {
  let app: INestApplication;
  let url: string;
  let db: Db;
  const post = async (route: string, body: unknown) => {
    const res = await fetch(`${url}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const get = async (route: string) => {
    const res = await fetch(`${url}${route}`);
    return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const unique = (name: string) => `${name}-${Date.now()}`;

  beforeAll(async () => {
    process.env['MORPHSWEEP_DATASET_CACHE_DIR'] = tmp('cache');
    ({ app, url } = await serveApi());
    db = createDb(stack.databaseUrl!);
  });
  afterAll(async () => {
    await db.$disconnect();
    await app.close();
    delete process.env['MORPHSWEEP_DATASET_CACHE_DIR'];
  });

  it('registers a dataset with what it found, idempotently on name + checksum', async () => {
    const name = unique('grey');
    const uri = idxDataset(30, 28, 10);
    const first = await post('/api/datasets', { name, uri, format: 'idx' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      name,
      uri,
      format: 'idx',
      height: 28,
      width: 28,
      channels: 1,
      dtype: 'uint8',
      numClasses: 10,
      labelRange: [0, 9],
      trainCount: 30,
      testCount: 0,
    });
    expect(first.body.checksum).toMatch(/^[0-9a-f]{64}$/);
    const again = await post('/api/datasets', { name, uri: idxDataset(30, 28, 10), format: 'idx' });
    expect([again.status, again.body.id]).toEqual([200, first.body.id]);
    const other = await post('/api/datasets', {
      name,
      uri: idxDataset(30, 28, 10, 1),
      format: 'idx',
    });
    expect(other.status).toBe(409);
    expect(other.body.message).toContain(first.body.checksum);
    expect((await get(`/api/datasets/${first.body.id}`)).body).toEqual(first.body);
    const list = await get('/api/datasets?limit=100');
    expect(list.body.items.map((d: { name: string }) => d.name)).toContain(name);
    expect((await get('/api/datasets/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('reads file:/// datasets only inside DATASET_FILE_ROOTS when they are set', async () => {
    const inside = idxDataset(20, 8, 4);
    const outside = idxDataset(20, 8, 4, 1); // a sibling folder, outside the root
    const root = fileURLToPath(inside);
    const limited = await serveApi({ DATASET_FILE_ROOTS: root });
    try {
      const postTo = (body: unknown) =>
        fetch(`${limited.url}/api/datasets`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as any })); // eslint-disable-line @typescript-eslint/no-explicit-any
      const refused = await postTo({ name: unique('outside'), uri: outside, format: 'idx' });
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toMatch(/outside the folders this API may read/);
      const taken = await postTo({ name: unique('inside'), uri: inside, format: 'idx' });
      expect(taken.status).toBe(201);
    } finally {
      await limited.app.close();
    }
  });

  it('answers files that do not hold the format with a 400 on uri, and stores nothing', async () => {
    const name = unique('not-cifar');
    const res = await post('/api/datasets', { name, uri: idxDataset(4, 4, 2), format: 'cifar10' });
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([
      { path: 'uri', message: expect.stringMatching(/no cifar10 training batches/) },
    ]);
    const bad = await post('/api/datasets', { name: 'Bad Name', uri: 'http://x', format: 'idx' });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['name', 'uri']);
    expect(await db.dataset.count({ where: { name } })).toBe(0);
  });

  it('takes a sweep on a registered dataset that fits the seed, storing what was registered', async () => {
    const name = unique('fits');
    const registered = await post('/api/datasets', {
      name,
      uri: idxDataset(40, 28, 10),
      format: 'idx',
    });
    const forged = { ...registered.body, checksum: 'f'.repeat(64) };
    const spec = {
      ...sweepSpec(unique('on registered')),
      dataset: { kind: 'registered', dataset: name, resolved: forged },
    };
    const res = await post('/api/sweeps', spec);
    expect(res.status).toBe(201);
    const stored = await db.sweep.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(
      (
        stored.spec as {
          dataset: { resolved: { id: string; checksum: string; trainCount: number } };
        }
      ).dataset.resolved,
    ).toMatchObject({
      id: registered.body.id,
      checksum: registered.body.checksum,
      trainCount: 40,
    });
  });

  it('refuses a seed that does not fit the dataset with a 400 naming both, and writes nothing', async () => {
    const name = unique('colour');
    const dir = tmp('cifar');
    const record = Uint8Array.from({ length: 3073 }, (_, i) => (i === 0 ? 1 : i % 256));
    writeFileSync(
      path.join(dir, 'data_batch_1.bin'),
      Uint8Array.from([...record, ...record.map((v, i) => (i === 0 ? 0 : v))]),
    );
    const registered = await post('/api/datasets', {
      name,
      uri: pathToFileURL(dir).href,
      format: 'cifar10',
    });
    expect(registered.body).toMatchObject({ height: 32, width: 32, channels: 3, numClasses: 2 });
    for (const ref of [name, registered.body.id]) {
      const sweepName = unique('misfit');
      const res = await post('/api/sweeps', {
        ...sweepSpec(sweepName),
        dataset: { kind: 'registered', dataset: ref },
      });
      expect(res.status).toBe(400);
      expect(res.body.issues).toEqual([
        {
          path: 'seedNetwork',
          message: `the seed network "fmnist-cnn" takes 28×28×1 inputs, but dataset "${name}" has 32×32×3 images`,
        },
        {
          path: 'seedNetwork',
          message: `the seed network "fmnist-cnn" outputs [10], but dataset "${name}" has 2 classes (an output of [2])`,
        },
      ]);
      expect(await db.sweep.count({ where: { name: sweepName } })).toBe(0);
    }
    const unknown = await post('/api/sweeps', {
      ...sweepSpec(unique('unknown')),
      dataset: { kind: 'registered', dataset: 'no-such-dataset' },
    });
    expect(unknown.body.issues).toEqual([
      {
        path: 'dataset.dataset',
        message: 'no registered dataset "no-such-dataset" (by name or id)',
      },
    ]);
  });
});
