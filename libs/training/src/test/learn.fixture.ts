// Spec helpers for structure learning: a tiny network, a small config, an in-memory sink.
import { parseNetwork, type NetworkDescription } from '@morphsweep/morphnet';
import type { CheckpointSink } from '../lib/loop/training.types';
import type { LearnStructureConfig } from '../lib/structure-learning/learn-structure.types';

/** conv(4, s2)+BN+ReLU → conv(8, s2)+BN+ReLU → global pool → dense 10, on 28×28×1. BN momentum 0.9: moving statistics settle within the few dozen steps of a spec. */
export function tinyNetwork(): NetworkDescription {
  return parseNetwork({
    format: 'morphsweep-network/v1',
    name: 'tiny',
    inputs: [{ name: 'image', shape: [28, 28, 1] }],
    layers: [
      {
        name: 'conv1',
        op: 'conv2d',
        inputs: ['image'],
        filters: 4,
        kernelSize: 3,
        strides: 2,
        useBias: false,
      },
      { name: 'bn1', op: 'batchNorm', inputs: ['conv1'], momentum: 0.9 },
      { name: 'relu1', op: 'relu', inputs: ['bn1'] },
      {
        name: 'conv2',
        op: 'conv2d',
        inputs: ['relu1'],
        filters: 8,
        kernelSize: 3,
        strides: 2,
        useBias: false,
      },
      { name: 'bn2', op: 'batchNorm', inputs: ['conv2'], momentum: 0.9 },
      { name: 'relu2', op: 'relu', inputs: ['bn2'] },
      { name: 'gap', op: 'globalAvgPool', inputs: ['relu2'] },
      { name: 'logits', op: 'dense', inputs: ['gap'], units: 10 },
    ],
    outputs: ['logits'],
  });
}

/** A small synthetic run: 20 steps of batch 16, evaluation every 5, checkpoint every 10. */
export function tinyConfig(overrides: Partial<LearnStructureConfig> = {}): LearnStructureConfig {
  return {
    network: tinyNetwork(),
    dataset: { kind: 'synthetic', subsetSize: 240, validationFraction: 0.25 },
    target: { family: 'gamma', resource: 'flops' },
    strength: 1e-6,
    threshold: 0.01,
    budget: {
      steps: 20,
      batchSize: 16,
      optimizer: 'adam',
      learningRate: 0.01,
      evalInterval: 5,
      checkpointInterval: 10,
    },
    seed: 7,
    ...overrides,
  };
}

/** A checkpoint sink over a Map, URIs `mem://<step>`; records every save. */
export class MemorySink implements CheckpointSink {
  readonly saved = new Map<string, Uint8Array>();
  readonly steps: number[] = [];

  async save(step: number, bytes: Uint8Array): Promise<string> {
    const uri = `mem://${step}`;
    this.saved.set(uri, bytes.slice());
    this.steps.push(step);
    return uri;
  }

  async load(uri: string): Promise<Uint8Array> {
    const bytes = this.saved.get(uri);
    if (!bytes) throw new Error(`no checkpoint ${uri}`);
    return bytes;
  }
}
