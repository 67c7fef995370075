import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseNetwork } from '@morphsweep/morphnet';
import { importCommand } from './import.command';

const FIXTURES = join(__dirname, '../../../../libs/morphnet/src/test/fixtures');

/** A fixture's model JSON (what `model.to_json()` wrote) in a temporary file, and its count. */
function modelFile(fixture: string): { file: string; trainable: number } {
  const record = JSON.parse(readFileSync(join(FIXTURES, fixture), 'utf8')) as {
    trainable: number;
    model: unknown;
  };
  const file = join(mkdtempSync(join(tmpdir(), 'import-')), 'model.json');
  writeFileSync(file, JSON.stringify(record.model));
  return { file, trainable: record.trainable };
}

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const code = await importCommand.run(argv);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('morphsweep import', () => {
  afterEach(() => vi.restoreAllMocks());

  it('--json prints the network, Keras’ trainable parameter count and the FLOPs', async () => {
    const { file, trainable } = modelFile('keras/resnet20.json');
    const { code, out } = await run([file, '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(out) as { network: unknown; parameters: number; flops: number };
    expect(Object.keys(result)).toEqual(['network', 'parameters', 'flops']);
    expect(result.parameters).toBe(trainable);
    expect(result.parameters).toBe(272_474);
    // ResNet-20 on 32×32: about 41 M multiply-adds, counted as 2 FLOPs each.
    expect(result.flops / 2 / 1e6).toBeGreaterThan(40);
    expect(result.flops / 2 / 1e6).toBeLessThan(42);
    expect(parseNetwork(result.network)).toEqual(result.network);
  });

  it('--out writes a TF.js model.json with the weights of its shard, and prints a summary', async () => {
    const { file, trainable } = modelFile('tfjs/tfjs-functional.json');
    const shard = 'tfjs-functional.weights.bin';
    copyFileSync(join(FIXTURES, 'tfjs', shard), join(dirname(file), shard));
    const out = join(mkdtempSync(join(tmpdir(), 'import-')), 'network.json');
    const run1 = await run([file, '--out', out, '--name', 'mine']);
    expect(run1.code).toBe(0);
    expect(run1.out).toMatch(
      /^mine \(tfjs-layers, with weights\): \d+ layers, 26,082 trainable parameters/,
    );
    expect(run1.out).toMatch(/note: input rescaling "rescale"/);
    const written = parseNetwork(JSON.parse(readFileSync(out, 'utf8')));
    expect(written.name).toBe('mine');
    expect(written.layers.find((l) => l.name === 'stem')).toMatchObject({
      kernel: expect.any(Array),
    });
    expect(trainable).toBe(26_082);
  });

  it('--topology-only imports a TF.js model.json whose shards are not there', async () => {
    const { file } = modelFile('tfjs/tfjs-functional.json');
    await expect(run([file])).rejects.toThrow(/weight shard .* not found/);
    const { code, out } = await run([file, '--topology-only', '--json']);
    expect(code).toBe(0);
    const { network } = JSON.parse(out) as { network: { layers: Array<{ kernel?: unknown }> } };
    expect(network.layers.every((l) => l.kernel === undefined)).toBe(true);
  });

  it('names every unsupported layer at once and writes nothing', async () => {
    const { file } = modelFile('keras/unsupported-net.json');
    const out = join(mkdtempSync(join(tmpdir(), 'import-')), 'network.json');
    const { code, err } = await run([file, '--out', out]);
    expect(code).toBe(1);
    for (const layer of ['dilated', 'layer_norm', 'leaky', 'upsample', 'gmp', 'logits'])
      expect(err).toContain(`layer "${layer}"`);
    expect(err).toMatch(/LayerNormalization: our format has no op/);
    expect(() => readFileSync(out)).toThrow();
  });

  it('rejects a missing file as usage and other JSON as no model', async () => {
    await expect(run(['/nonexistent/model.json'])).rejects.toThrow(/cannot read/);
    const file = join(mkdtempSync(join(tmpdir(), 'import-')), 'x.json');
    writeFileSync(file, '{"layers": []}');
    const { code, err } = await run([file]);
    expect(code).toBe(1);
    expect(err).toMatch(/not a Keras or TF.js layers model JSON/);
  });
});
