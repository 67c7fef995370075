import { describe, expect, it } from 'vitest';
import { DEFAULT_SUBMISSION_LIMITS } from '@morphsweep/contracts';
import { zooNetwork } from '@morphsweep/morphnet';
import { activationBytesPerExample } from '../limits/network-limits';
import { validateSweepSpec } from './validate-sweep-spec';

// Issue 13 item 1: an oversized request is a 400 that names the limit and the value, before
// anything is written, instead of a run that fails to allocate on every attempt.
const base = {
  name: 's',
  seedNetwork: 'fmnist-cnn',
  dataset: { kind: 'synthetic', subsetSize: 256 },
  morphnet: { family: 'gamma', resource: 'flops' },
  grid: { strengths: [1e-8], thresholds: [0.01] },
  budget: { steps: 10, batchSize: 8, learningRate: 0.01, evalInterval: 5, checkpointInterval: 5 },
};

const description = (patch: (net: ReturnType<typeof zooNetwork>) => void) => {
  const net = structuredClone(zooNetwork('fmnist-cnn'));
  patch(net);
  return net;
};

const messages = (result: ReturnType<typeof validateSweepSpec>) =>
  result.ok ? [] : result.issues.map((i) => `${i.path}: ${i.message}`);

describe('submission limits of validateSweepSpec', () => {
  it('rejects a conv of 10^9 filters by its parameter count, naming the limit and the value', () => {
    const seedNetwork = description((net) => {
      const conv = net.layers.find((l) => l.op === 'conv2d') as { filters: number };
      conv.filters = 1_000_000_000;
    });
    const result = validateSweepSpec({ ...base, seedNetwork });
    expect(result.ok).toBe(false);
    const [issue] = messages(result);
    expect(issue).toMatch(/^seedNetwork: the network has \d{10,} trainable parameters/);
    expect(issue).toContain(`the limit is ${DEFAULT_SUBMISSION_LIMITS.maxParameters}`);
  });

  it('bounds activation bytes × batch size, counting the retraining batch too', () => {
    const perExample = activationBytesPerExample(zooNetwork('fmnist-cnn'));
    expect(perExample).toBeGreaterThan(28 * 28 * 4);
    const limits = { ...DEFAULT_SUBMISSION_LIMITS, maxActivationBytes: perExample * 100 };
    expect(validateSweepSpec(base, limits).ok).toBe(true);
    const retrainBudget = { ...base.budget, batchSize: 101 };
    const result = validateSweepSpec(
      { ...base, retrain: { policy: 'manual', budget: retrainBudget } },
      limits,
    );
    expect(messages(result)).toEqual([
      `seedNetwork: activations of one step need ${perExample * 101} bytes (${perExample} per example × batch size 101); the limit is ${perExample * 100} bytes`,
    ]);
  });

  it('bounds the layer count and the subset size', () => {
    const limits = { ...DEFAULT_SUBMISSION_LIMITS, maxLayers: 3, maxSubsetSize: 100 };
    const layers = zooNetwork('fmnist-cnn').layers.length;
    expect(messages(validateSweepSpec(base, limits))).toEqual([
      'dataset.subsetSize: subsetSize 256 is over the limit of 100 examples',
      `seedNetwork: the network has ${layers} layers; the limit is 3`,
    ]);
    const huge = { ...base, dataset: { kind: 'synthetic', subsetSize: 10_000_000 } };
    expect(messages(validateSweepSpec(huge))).toEqual([
      `dataset.subsetSize: subsetSize 10000000 is over the limit of ${DEFAULT_SUBMISSION_LIMITS.maxSubsetSize} examples`,
    ]);
  });

  it('rejects a spec nested deeper than the limit without overflowing the stack', () => {
    let kernel: unknown = [1];
    for (let i = 0; i < 20_000; i++) kernel = [kernel];
    const seedNetwork = description((net) => {
      (net.layers[0] as { kernel?: unknown }).kernel = kernel;
    });
    const result = validateSweepSpec({ ...base, seedNetwork });
    expect(messages(result)).toEqual([
      `: the spec nests 20005 levels deep; the limit is ${DEFAULT_SUBMISSION_LIMITS.maxJsonDepth}`,
    ]);
  });
});

describe('the spec validateSweepSpec returns to be stored', () => {
  it('holds the parsed network, not the raw description with its unknown keys', () => {
    const seedNetwork = { ...zooNetwork('fmnist-cnn'), junk: { deeper: [1, 2] } };
    (seedNetwork.layers[0] as Record<string, unknown>)['alsoJunk'] = true;
    const result = validateSweepSpec({ ...base, seedNetwork });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.spec.seedNetwork).toEqual(zooNetwork('fmnist-cnn'));
    expect(JSON.stringify(result.spec)).not.toMatch(/junk/i);
  });

  it('keeps a zoo name as it is', () => {
    const result = validateSweepSpec(base);
    expect(result.ok && result.spec.seedNetwork).toBe('fmnist-cnn');
  });
});

describe('the seed cost', () => {
  it('must be finite and positive', () => {
    const free = {
      format: 'morphsweep-network/v1',
      name: 'free',
      inputs: [{ name: 'x', shape: [4, 4, 1] }],
      layers: [
        { name: 'flat', op: 'flatten', inputs: ['x'] },
        { name: 'out', op: 'softmax', inputs: ['flat'] },
      ],
      outputs: ['out'],
    };
    const result = validateSweepSpec({ ...base, seedNetwork: free });
    expect(messages(result)).toEqual([
      expect.stringMatching(/^seedNetwork: the network costs 0 in flops at full width/),
    ]);
  });

  it('is a 400 on morphnet.hardware for a name that is an Object.prototype property', () => {
    for (const hardware of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const result = validateSweepSpec({
        ...base,
        morphnet: { family: 'gamma', resource: 'latency', hardware },
      });
      expect(result).toMatchObject({ ok: false, issues: [{ path: 'morphnet.hardware' }] });
    }
  });
});
