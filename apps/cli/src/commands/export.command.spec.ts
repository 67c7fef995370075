import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildModel, zooNetwork } from '@morphsweep/morphnet';
import { encodeCheckpoint } from '@morphsweep/training';
import { UsageError } from '../command';
import { exportCommand } from './export.command';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const code = await exportCommand.run(argv);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('morphsweep export', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes model.json, its shard and network.json that tfjs-layers loads with the checkpoint’s predictions', async () => {
    await tf.setBackend('cpu');
    const dir = mkdtempSync(join(tmpdir(), 'export-'));
    const model = buildModel(zooNetwork('fmnist-cnn-gated'), { seed: 2 });
    model.variables.forEach((v, key) => {
      if (key.endsWith('/logits')) v.assign(tf.randomNormal(v.shape, 0, 2, 'float32', 3));
      if (key.endsWith('/movingMean')) v.assign(tf.randomNormal(v.shape, 0, 0.2, 'float32', 4));
    });
    const tensors = [...model.variables].map(([key, v]) => ({
      name: `model/${key}`,
      shape: v.shape,
      values: v.dataSync() as Float32Array,
    }));
    tensors.push({ name: 'optimizer/0/m', shape: [1], values: new Float32Array(1) });
    const checkpoint = join(dir, 'checkpoint.bin');
    writeFileSync(checkpoint, encodeCheckpoint({ meta: { step: 1 }, tensors }));
    const out = join(dir, 'model');

    const { code, out: stdout } = await run([
      checkpoint,
      '--network',
      'fmnist-cnn-gated',
      '--out',
      out,
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/fmnist-cnn-gated: \d+ layers, \d+ weights .* → .*model\.json/);
    const json = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as {
      modelTopology: object;
      weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
    };
    const shard = readFileSync(join(out, json.weightsManifest[0]!.paths[0]!));
    const loaded = await tfl.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0]!.weights,
        weightData: new Uint8Array(shard).buffer,
      }),
    );
    const x = tf.randomNormal([2, 28, 28, 1], 0, 1, 'float32', 5);
    const want = model.apply(x, { training: false })[0]!.dataSync();
    const got = (loaded.predict(x) as tf.Tensor).dataSync();
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
    expect(JSON.parse(readFileSync(join(out, 'network.json'), 'utf8'))).toMatchObject({
      name: 'fmnist-cnn-gated',
    });
    loaded.dispose();
    model.dispose();
  });

  it('says which parameter a checkpoint of another network lacks, exiting 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'export-'));
    const checkpoint = join(dir, 'checkpoint.bin');
    writeFileSync(checkpoint, encodeCheckpoint({ meta: {}, tensors: [] }));
    const { code, err } = await run([checkpoint, '--network', 'fmnist-cnn', '--out', dir]);
    expect(code).toBe(1);
    expect(err).toMatch(/morphsweep export: .*conv1\/kernel/);
  });

  it('rejects a missing --network or checkpoint as usage errors', async () => {
    await expect(run(['x.bin'])).rejects.toBeInstanceOf(UsageError);
    await expect(run(['--network', 'fmnist-cnn'])).rejects.toBeInstanceOf(UsageError);
    await expect(run(['/nonexistent/x.bin', '--network', 'fmnist-cnn'])).rejects.toThrow(
      /cannot read/,
    );
  });
});
