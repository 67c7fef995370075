import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { zooNetwork } from '../zoo/seed-zoo';
import { resolveConvolutionMode } from './conv.select';
import { buildModel } from './morph-model';

function lossAndGrads(
  network: string,
  convolutions: 'native' | 'matmul',
): { logits: Float32Array; grads: Map<string, Float32Array> } {
  const model = buildModel(zooNetwork(network), { seed: 3, convolutions });
  const x = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 11);
  const vars = model.trainableVariables();
  const names = new Map(
    vars.map((v) => [v.name, [...model.variables].find(([, w]) => w === v)?.[0] ?? '']),
  );
  let logits: Float32Array = new Float32Array();
  const { grads } = tf.variableGrads(() => {
    const y = model.apply(x, { training: true, seed: 5, updateStatistics: false })[0] as tf.Tensor;
    logits = y.dataSync() as Float32Array;
    return tf.sum(tf.square(y)) as tf.Scalar;
  }, vars);
  const out = new Map(
    Object.entries(grads).map(([k, g]) => [names.get(k) ?? k, g.dataSync() as Float32Array]),
  );
  tf.dispose([x, ...Object.values(grads)]);
  model.dispose();
  return { logits, grads: out };
}

function relativeError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 1e-12;
  a.forEach((v, i) => {
    diff = Math.max(diff, Math.abs(v - (b[i] as number)));
    scale = Math.max(scale, Math.abs(b[i] as number));
  });
  return diff / scale;
}

describe('convolution modes', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('auto picks matmul on the pure-JS cpu backend', () => {
    expect(resolveConvolutionMode('auto')).toBe('matmul');
    expect(resolveConvolutionMode('native')).toBe('native');
  });

  // Strided, depthwise and 1×1 convolutions: every conv path MorphModel has.
  it.each(['fmnist-cnn', 'fmnist-mobilenet', 'fmnist-resnet'])(
    '%s: native ops and im2col give the same outputs and gradients',
    (network) => {
      const native = lossAndGrads(network, 'native');
      const matmul = lossAndGrads(network, 'matmul');
      expect(relativeError(native.logits, matmul.logits)).toBeLessThan(1e-5);
      expect([...native.grads.keys()].sort()).toEqual([...matmul.grads.keys()].sort());
      for (const [name, g] of native.grads)
        expect(relativeError(g, matmul.grads.get(name) as Float32Array), name).toBeLessThan(1e-4);
    },
  );
});
