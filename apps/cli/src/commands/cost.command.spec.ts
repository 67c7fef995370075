import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../command';
import { costCommand, type CostReport } from './cost.command';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const code = await costCommand.run(argv);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

// conv (3x3, 2 filters, no bias) → BN (gamma [0.8, 0.2]) → relu on a 4x4x1 image.
const tiny = {
  format: 'morphsweep-network/v1',
  name: 'tiny',
  inputs: [{ name: 'image', shape: [4, 4, 1] }],
  layers: [
    {
      name: 'conv1',
      op: 'conv2d',
      inputs: ['image'],
      filters: 2,
      kernelSize: [3, 3],
      useBias: false,
    },
    { name: 'bn1', op: 'batchNorm', inputs: ['conv1'], gamma: [0.8, 0.2] },
    { name: 'relu1', op: 'relu', inputs: ['bn1'] },
  ],
  outputs: ['relu1'],
};

describe('morphsweep cost', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints the JSON report of a description file, with hand-computed FLOPs', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cost-')), 'tiny.json');
    writeFileSync(file, JSON.stringify(tiny));
    const { code, out } = await run([file, '--json', '--threshold', '0.5']);
    expect(code).toBe(0);
    const report = JSON.parse(out) as CostReport;
    // FLOPs = 2·(4·4)·(3·3)·A_in·A_out with A_in = 1, A_out = 1 alive (|0.8| > 0.5).
    const coeff = 2 * 16 * 9;
    expect(report.cost).toBe(coeff * 1 * 1);
    // Regularization: coeff · A_in · Σ|γ| (the image has no regularizer).
    expect(report.regularizationTerm).toBeCloseTo(coeff * 1 * (0.8 + 0.2), 3);
    const conv = report.ops.find((o) => o.name === 'conv1/Conv2D');
    expect(conv).toMatchObject({ type: 'Conv2D', cost: coeff, aliveIn: 1, aliveOut: 1 });
    expect(report.ops.map((o) => o.name)).toEqual([
      'conv1/Conv2D',
      'bn1/FusedBatchNormV3',
      'relu1/Relu',
    ]);
    expect(Object.keys(conv ?? {}).sort()).toEqual([
      'aliveIn',
      'aliveOut',
      'cost',
      'name',
      'regularizationTerm',
      'type',
    ]);
  });

  it('counts element-wise ops for memory and accepts a latency profile', async () => {
    const { code, out } = await run([
      'fmnist-cnn',
      '--json',
      '--resource',
      'latency',
      '--hardware',
      'V100',
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(out) as CostReport;
    expect(report.ops.find((o) => o.type === 'Relu')?.cost).toBeGreaterThan(0);
    expect(report.cost).toBeCloseTo(
      report.ops.reduce((s, o) => s + o.cost, 0),
      6,
    );
  });

  it('prints a readable table for a gated zoo network', async () => {
    const { code, out } = await run([
      'fmnist-cnn-gated',
      '--regularizer',
      'logistic-sigmoid',
      '--seed',
      '3',
    ]);
    expect(code).toBe(0);
    expect(out).toMatch(/fmnist-cnn-gated: LogisticSigmoidFlops \(FLOPs\)/);
    expect(out).toMatch(/conv1\/Conv2D\s+Conv2D/);
    expect(out).toMatch(/total cost: [\d,]+/);
  });

  it('rejects bad flags with a UsageError and reports invalid networks', async () => {
    await expect(run(['fmnist-cnn', '--resource', 'joules'])).rejects.toThrow(UsageError);
    await expect(run(['fmnist-cnn', '--resource', 'latency'])).rejects.toThrow(/needs --hardware/);
    await expect(run(['fmnist-cnn', '--batch-size', '0'])).rejects.toThrow(/batch-size/);
    await expect(run(['no-such-network'])).rejects.toThrow(
      /neither a readable file nor a zoo network/,
    );
    const file = join(mkdtempSync(join(tmpdir(), 'cost-')), 'bad.json');
    writeFileSync(file, JSON.stringify({ ...tiny, layers: [{ ...tiny.layers[0], filters: 0 }] }));
    const { code, err } = await run([file]);
    expect(code).toBe(1);
    expect(err).toMatch(/layer "conv1", field "filters"/);
    const hw = await run(['fmnist-cnn', '--resource', 'latency', '--hardware', 'Z80']);
    expect(hw.code).toBe(1);
    expect(hw.err).toMatch(/unknown hardware "Z80"/);
  });
});
