import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadApiConfig } from '../config/api.config';
import { datasetFileRefusal } from './dataset-file-roots';

describe(datasetFileRefusal.name, () => {
  const base = mkdtempSync(path.join(os.tmpdir(), 'dataset-roots-'));
  const root = path.join(base, 'datasets');
  const outside = path.join(base, 'secrets');
  mkdirSync(path.join(root, 'cifar'), { recursive: true });
  mkdirSync(outside);
  symlinkSync(outside, path.join(root, 'escape'));
  const url = (p: string) => pathToFileURL(p).href;

  it('reads any local folder on a loopback-only API without roots, none on an open one', async () => {
    const local = { API_HOST: '127.0.0.1' };
    expect(await datasetFileRefusal(url(outside), local)).toBeNull();
    expect(await datasetFileRefusal(url(outside), { API_HOST: '0.0.0.0' })).toMatch(
      /file:\/\/\/ datasets are off on an API listening on 0.0.0.0: set DATASET_FILE_ROOTS/,
    );
    expect(await datasetFileRefusal('s3://bucket/cifar', { API_HOST: '0.0.0.0' })).toBeNull();
  });

  it('keeps file URIs inside DATASET_FILE_ROOTS, symbolic links resolved', async () => {
    const access = { API_HOST: '0.0.0.0', DATASET_FILE_ROOTS: root };
    expect(await datasetFileRefusal(url(path.join(root, 'cifar')), access)).toBeNull();
    expect(await datasetFileRefusal(url(root), access)).toBeNull();
    expect(await datasetFileRefusal(url(outside), access)).toMatch(
      /secrets is outside the folders this API may read \(DATASET_FILE_ROOTS: /,
    );
    expect(await datasetFileRefusal(url(path.join(root, 'escape')), access)).toMatch(/outside/);
    expect(await datasetFileRefusal(url(`${root}-other`), access)).toMatch(/outside/);
    expect(await datasetFileRefusal(url(path.join(root, '..', 'secrets')), access)).toMatch(
      /outside/,
    );
  });

  it('refuses a configuration whose roots are not absolute folders', () => {
    expect(() =>
      loadApiConfig({ DATABASE_URL: 'postgresql://unused', DATASET_FILE_ROOTS: 'data,/srv/x' }),
    ).toThrow(
      /DATASET_FILE_ROOTS: must list absolute folders, comma-separated; not absolute: data/,
    );
  });
});
