import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RemoteError } from './exit-codes';
import { readSweepSpec } from './spec-file';

const dir = mkdtempSync(path.join(os.tmpdir(), 'spec-file-'));
const file = (name: string, text: string) => {
  const full = path.join(dir, name);
  writeFileSync(full, text);
  return full;
};

const YAML_SPEC = `name: yaml sweep
seedNetwork: fmnist-cnn
dataset: { kind: synthetic, subsetSize: 128 }
morphnet: { family: gamma, resource: flops }
grid: { strengths: [1.0e-7, 1.0e-6], thresholds: [0.01, 0.1] }
budget: { steps: 20, batchSize: 16, learningRate: 0.01, evalInterval: 10, checkpointInterval: 10 }
concurrency: 2
accelerator: gpu
retrain: { policy: manual }
`;

describe('readSweepSpec', () => {
  it('reads YAML and JSON into the same spec, and keeps the input as written', async () => {
    const yaml = await readSweepSpec(file('s.yaml', YAML_SPEC));
    const json = await readSweepSpec(file('s.json', JSON.stringify(yaml.input)));
    expect(yaml.spec).toEqual(json.spec);
    expect(yaml.spec.grid.strengths).toEqual([1e-7, 1e-6]);
    expect(yaml.input).not.toHaveProperty('retrain.budget');
  });

  it('names every invalid field by its path, exit code 2', async () => {
    const error = await readSweepSpec(
      file(
        'bad.yml',
        YAML_SPEC.replace('[0.01, 0.1]', '[0.01, oops]').replace('steps: 20', 'steps: -1'),
      ),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect((error as RemoteError).exitCode).toBe(2);
    expect((error as RemoteError).message).toMatch(/is not a valid sweep spec:\n/);
    const paths = ((error as RemoteError).details['issues'] as { path: string }[]).map(
      (i) => i.path,
    );
    expect(paths).toEqual(expect.arrayContaining(['grid.thresholds.1', 'budget.steps']));
  });

  it('reports unreadable files, broken YAML or JSON and unknown extensions as input errors', async () => {
    await expect(readSweepSpec(path.join(dir, 'missing.yaml'))).rejects.toThrow(/cannot read/);
    await expect(readSweepSpec(file('broken.yaml', 'name: [open\n'))).rejects.toThrow(
      /broken\.yaml: .*line 2/s,
    );
    await expect(readSweepSpec(file('broken.json', '{"name":'))).rejects.toThrow(/broken\.json: /);
    await expect(readSweepSpec(file('spec.toml', 'name = "x"'))).rejects.toThrow(
      /unknown spec format "\.toml": expected \.json, \.yaml or \.yml/,
    );
  });
});
