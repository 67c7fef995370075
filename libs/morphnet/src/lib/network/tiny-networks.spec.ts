import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { buildModel, createNetworkRegularizer, scaleRegularizer } from '../../index';
import { Net, fill } from '../../test/slim.fixture';

const term = (t: tf.Scalar) => t.dataSync()[0];

describe('tiny networks and the MatMul network (docs/morphnet.md §10.9, §10.4)', () => {
  it('group lasso FLOPs with a halving decorator: reg 54, cost 108', () => {
    const n = new Net({ name: 'image', shape: [3, 3, 3] });
    n.add({
      name: 'conv',
      op: 'conv2d',
      inputs: ['image'],
      filters: 2,
      kernelSize: 1,
      useBias: false,
      kernel: fill(1, 6),
    });
    const model = buildModel(n.build(['conv']));
    const reg = createNetworkRegularizer({
      graph: model.graph(),
      tensors: model,
      family: 'group-lasso',
      resource: 'flops',
      threshold: 0.1,
      decorator: scaleRegularizer(0.5),
    });
    expect(term(reg.getRegularizationTerm())).toBeCloseTo(54, 5);
    expect(reg.getCost()).toBe(108);
  });

  it('gamma FLOPs with gammas [1, 1] halved: reg 54, cost 108; gamma model size on 1×1×3: reg 3, cost 6', () => {
    const n = new Net({ name: 'image', shape: [3, 3, 3] });
    n.add({
      name: 'conv',
      op: 'conv2d',
      inputs: ['image'],
      filters: 2,
      kernelSize: 1,
      useBias: false,
      kernel: fill(1, 6),
    });
    n.add({ name: 'bn', op: 'batchNorm', inputs: ['conv'], gamma: [1, 1] });
    const model = buildModel(n.build(['bn']));
    const reg = createNetworkRegularizer({
      graph: model.graph(),
      tensors: model,
      family: 'gamma',
      resource: 'flops',
      threshold: 0.1,
      decorator: scaleRegularizer(0.5),
    });
    expect(term(reg.getRegularizationTerm())).toBeCloseTo(54, 5);
    expect(reg.getCost()).toBe(108);

    const small = new Net({ name: 'image', shape: [1, 1, 3] });
    small.slim('conv', 'image', 2, [1, 1], [1, 1]);
    const m2 = buildModel(small.build(['conv_relu']));
    const size = createNetworkRegularizer({
      graph: m2.graph(),
      tensors: m2,
      family: 'gamma',
      resource: 'model-size',
      threshold: 0.1,
      decorator: scaleRegularizer(0.5),
    });
    expect(term(size.getRegularizationTerm())).toBeCloseTo(3, 5);
    expect(size.getCost()).toBe(6);
  });

  it('MatMul network with group lasso (thresholds 32 and 13)', () => {
    const n = new Net({ name: 'x', shape: [6] });
    const w = Array.from({ length: 24 }, (_, i) => i);
    n.add({ name: 'h', op: 'dense', inputs: ['x'], units: 4, kernel: w, bias: [0, 1, 2, 3] });
    n.add({ name: 'h_relu', op: 'relu', inputs: ['h'] });
    n.add({
      name: 'y',
      op: 'dense',
      inputs: ['h_relu'],
      units: 1,
      kernel: [21, 22, 23, 24],
      bias: [0],
    });
    n.add({ name: 'y_relu', op: 'relu', inputs: ['y'] });
    const model = buildModel(n.build(['y_relu']));
    // RMS of column j of w (rows i = 0..5, value 4i + j), and of w2's only column.
    const rms = [0, 1, 2, 3].map((j) =>
      Math.sqrt([0, 1, 2, 3, 4, 5].reduce((s, i) => s + (4 * i + j) ** 2, 0) / 6),
    );
    const rms2 = Math.sqrt((21 ** 2 + 22 ** 2 + 23 ** 2 + 24 ** 2) / 4);
    for (const threshold of [32, 13]) {
      const reg = createNetworkRegularizer({
        graph: model.graph(),
        tensors: model,
        family: 'group-lasso',
        resource: 'flops',
        threshold,
      });
      const aliveH = rms.filter((r) => r > threshold).length;
      const aliveY = rms2 > threshold ? 1 : 0;
      expect(reg.getCost()).toBe(2 * 6 * aliveH + 2 * aliveH * aliveY);
      const expectedReg =
        2 * 6 * rms.reduce((a, b) => a + b, 0) +
        2 * (aliveH * rms2 + aliveY * rms.reduce((a, b) => a + b, 0));
      expect(term(reg.getRegularizationTerm())).toBeCloseTo(expectedReg, 2);
    }
  });
});
