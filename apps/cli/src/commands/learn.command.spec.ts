import { mkdtempSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { releaseWasmBackend } from '@morphsweep/training';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../command';
import { learnCommand, parseLearnArgs } from './learn.command';
import { retrainCommand } from './retrain.command';

async function run(
  command: typeof learnCommand,
  argv: string[],
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const write = vi
    .spyOn(process.stderr, 'write')
    .mockImplementation((chunk: string | Uint8Array) => {
      err.push(String(chunk));
      return true;
    });
  const code = await command.run(argv);
  write.mockRestore();
  return { code, out: out.join('\n'), err: err.join('') };
}

describe('morphsweep learn / retrain', () => {
  afterEach(() => vi.restoreAllMocks());
  afterAll(() => releaseWasmBackend());

  it('parses the options into a structure-learning config', () => {
    const args = parseLearnArgs([
      '--network',
      'fmnist-cnn',
      '--strength',
      '1e-6',
      '--steps',
      '40',
      '--dataset',
      'synthetic',
      '--resource',
      'model-size',
    ]);
    expect(args.config).toMatchObject({
      dataset: { kind: 'synthetic' },
      target: { family: 'gamma', resource: 'model-size' },
      strength: 1e-6,
      threshold: 0.01,
      budget: {
        steps: 40,
        batchSize: 64,
        optimizer: 'adam',
        learningRate: 0.01,
        evalInterval: 50,
        checkpointInterval: 100,
      },
      seed: 0,
    });
    expect(() => parseLearnArgs(['--network', 'fmnist-cnn'])).toThrow(UsageError);
    expect(() =>
      parseLearnArgs(['--network', 'x', '--strength', '1', '--resource', 'latency']),
    ).toThrow(/needs --hardware/);
    expect(() => parseLearnArgs(['--network', 'x', '--strength', '-1'])).toThrow(/--strength/);
  });

  it('learns on synthetic data, writes structure, checkpoints and metrics, and retrains the result', async () => {
    const out = mkdtempSync(join(tmpdir(), 'learn-'));
    const learned = await run(learnCommand, [
      '--network',
      'fmnist-cnn',
      '--strength',
      '1e-7',
      '--steps',
      '12',
      '--dataset',
      'synthetic',
      '--subset',
      '300',
      '--batch-size',
      '16',
      '--eval-interval',
      '6',
      '--checkpoint-interval',
      '6',
      '--out',
      out,
    ]);
    expect(learned.err).toMatch(/step 12\/12 .*loss \d+\.\d{3} .*ex\/s .*ETA/);
    expect(learned.code).toBe(0);
    expect(learned.out).toMatch(/succeeded \(budget\) after 12 steps/);
    const structure = JSON.parse(readFileSync(join(out, 'structure.json'), 'utf8')) as Record<
      string,
      number
    >;
    expect(Object.keys(structure)).toEqual(['conv1/Conv2D', 'conv2/Conv2D', 'conv3/Conv2D']);
    expect(readdirSync(join(out, 'checkpoints')).filter((f) => f.endsWith('.ckpt'))).toEqual([
      'step-00000006.ckpt',
      'step-00000012.ckpt',
    ]);
    expect(existsSync(join(out, 'learned_structure', 'alive_6'))).toBe(true);
    expect(readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as {
      result: { structure: Record<string, number> };
    };
    expect(result.result.structure).toEqual(structure);

    const resumed = await run(learnCommand, [
      '--network',
      'fmnist-cnn',
      '--strength',
      '1e-7',
      '--steps',
      '18',
      '--dataset',
      'synthetic',
      '--subset',
      '300',
      '--batch-size',
      '16',
      '--eval-interval',
      '6',
      '--checkpoint-interval',
      '6',
      '--out',
      out,
      '--resume',
      'checkpoints/step-00000012.ckpt',
    ]);
    expect(resumed.code).toBe(0);
    expect(resumed.out).toMatch(/after 18 steps/);

    const retrained = await run(retrainCommand, [
      '--structure',
      join(out, 'structure.json'),
      '--epochs',
      '1',
      '--dataset',
      'synthetic',
      '--subset',
      '300',
      '--batch-size',
      '32',
      '--json',
    ]);
    expect(retrained.code).toBe(0);
    const report = JSON.parse(retrained.out) as {
      steps: number;
      parameters: number;
      accuracy: number;
      network: { name: string };
    };
    expect(report.network.name).toBe('fmnist-cnn-learned');
    expect(report.steps).toBe(Math.floor(270 / 32));
    expect(report.parameters).toBeGreaterThan(0);
  });

  it('retrain rejects a missing structure source and a bad structure file', async () => {
    await expect(retrainCommand.run(['--epochs', '1'])).rejects.toThrow(
      /exactly one of --structure and --width-multiplier/,
    );
    const dir = mkdtempSync(join(tmpdir(), 'retrain-'));
    const file = join(dir, 'structure.json');
    (await import('node:fs')).writeFileSync(file, '{"conv1/Conv2D": -2}');
    await expect(
      retrainCommand.run(['--structure', file, '--network', 'fmnist-cnn', '--epochs', '1']),
    ).rejects.toThrow(/is not a structure/);
  });
});
