import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import {
  buildModel,
  createNetworkRegularizer,
  zooNetwork,
  type MorphModel,
} from '@morphsweep/morphnet';
import { beforeAll, describe, expect, it } from 'vitest';
import { isCollapsed } from './structure.collapse';

function collapsedAfterZeroing(network: string, gammas: string[]): boolean {
  const model: MorphModel = buildModel(zooNetwork(network), { seed: 1 });
  try {
    for (const name of gammas) {
      const v = model.variables.get(`${name}/gamma`) as tf.Variable;
      tf.tidy(() => v.assign(tf.zerosLike(v)));
    }
    const regularizer = createNetworkRegularizer({
      graph: model.graph('training'),
      tensors: model,
      family: 'gamma',
      resource: 'flops',
      threshold: 0.01,
    });
    return isCollapsed(model.graph('training'), regularizer);
  } finally {
    model.dispose();
  }
}

describe(isCollapsed.name, () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('is false at full width', () => {
    expect(collapsedAfterZeroing('fmnist-cnn', [])).toBe(false);
  });

  it('is true when one layer of a chain has no alive channel', () => {
    expect(collapsedAfterZeroing('fmnist-cnn', ['conv2_bn'])).toBe(true);
    expect(collapsedAfterZeroing('fmnist-cnn', ['conv3_bn'])).toBe(true);
  });

  it('is false when a residual branch dies but its shortcut carries the signal', () => {
    expect(collapsedAfterZeroing('fmnist-resnet', ['block1_conv1_bn'])).toBe(false);
    expect(collapsedAfterZeroing('fmnist-resnet', ['stem_bn', 'block1_conv2_bn'])).toBe(true);
  });
});
