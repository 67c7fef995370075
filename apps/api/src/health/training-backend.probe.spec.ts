import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeTrainingBackend } from './training-backend.probe';

function cacheWith(manifests: Record<string, object>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'health-tf-'));
  mkdirSync(path.join(dir, 'tfjs-node'));
  for (const [name, body] of Object.entries(manifests))
    writeFileSync(path.join(dir, 'tfjs-node', `${name}.json`), JSON.stringify(body));
  return dir;
}

describe(probeTrainingBackend.name, () => {
  it('reports the provisioned native backend, GPU first, else wasm', () => {
    const cpu = cacheWith({ node: { tensorflowVersion: '2.21.0', cuda: false } });
    expect(probeTrainingBackend({ MORPHSWEEP_CACHE_DIR: cpu })).toMatchObject({
      backend: 'node',
      tensorflowVersion: '2.21.0',
      devices: ['CPU:0'],
    });
    const gpu = cacheWith({
      node: { tensorflowVersion: '2.21.0', cuda: true },
      'node-gpu': { tensorflowVersion: '2.21.0', cuda: true },
    });
    expect(probeTrainingBackend({ MORPHSWEEP_CACHE_DIR: gpu })).toMatchObject({
      backend: 'node-gpu',
      devices: ['CPU:0', 'GPU:0'],
    });
    expect(
      probeTrainingBackend({ MORPHSWEEP_CACHE_DIR: gpu, MORPHSWEEP_BACKEND: 'node' }).backend,
    ).toBe('node');
    expect(probeTrainingBackend({ MORPHSWEEP_CACHE_DIR: cacheWith({}) })).toMatchObject({
      backend: 'wasm',
      source: expect.stringMatching(/no native binding provisioned/),
    });
  });
});
