import { mkdtempSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LocalArtifactStore } from './local-artifact-store';

vi.mock('node:fs/promises', async (original) => {
  const actual = await original<typeof import('node:fs/promises')>();
  return { ...actual, rename: vi.fn(actual.rename) };
});

// What a crash between the steps of a put leaves behind, simulated by failing one step.
describe('LocalArtifactStore writes', () => {
  afterEach(() => {
    vi.mocked(fs.rename).mockReset();
  });

  it('an overwrite that dies before its data is renamed into place leaves the previous object readable', async () => {
    const { rename: realRename } =
      await vi.importActual<typeof import('node:fs/promises')>('node:fs/promises');
    vi.mocked(fs.rename).mockImplementation(realRename);
    const store = new LocalArtifactStore(mkdtempSync(path.join(os.tmpdir(), 'artifacts-crash-')));
    await store.put('runs/r1/checkpoint-000000010.bin', Buffer.from('the first checkpoint'));
    // The process dies at the rename of the data: nothing after it runs.
    vi.mocked(fs.rename).mockImplementation(async (from, to) => {
      if (!String(to).includes('.sha256')) throw new Error('killed');
      return realRename(from, to);
    });
    await expect(
      store.put('runs/r1/checkpoint-000000010.bin', Buffer.from('a second, different one')),
    ).rejects.toThrow('killed');
    vi.mocked(fs.rename).mockImplementation(realRename);
    expect((await store.get('runs/r1/checkpoint-000000010.bin')).toString()).toBe(
      'the first checkpoint',
    );
  });

  it('renames the data into place first, then its checksum (through a temporary file of its own)', async () => {
    const { rename: realRename } =
      await vi.importActual<typeof import('node:fs/promises')>('node:fs/promises');
    const renames: string[] = [];
    vi.mocked(fs.rename).mockImplementation(async (from, to) => {
      renames.push(path.relative(root, String(to)));
      return realRename(from, to);
    });
    const root = mkdtempSync(path.join(os.tmpdir(), 'artifacts-order-'));
    const store = new LocalArtifactStore(root);
    const info = await store.put('runs/r1/structure.json', Buffer.from('{}'));
    // Data first, then its checksum: a crash in between leaves data without a stale checksum.
    expect(renames).toEqual([
      'runs/r1/structure.json',
      path.join('.sha256', 'runs/r1/structure.json'),
    ]);
    expect(await store.stat('runs/r1/structure.json')).toEqual(info);
  });
});
