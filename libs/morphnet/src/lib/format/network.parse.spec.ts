import { describe, expect, it } from 'vitest';
import { MorphnetError, ZOO_NETWORKS, buildModel, parseNetwork, zooNetwork } from '../../index';
import * as tf from '@tensorflow/tfjs-core';

const base = {
  format: 'morphsweep-network/v1',
  name: 'example',
  inputs: [{ name: 'image', shape: [6, 6, 1] }],
  layers: [
    {
      name: 'conv1',
      op: 'conv2d',
      inputs: ['image'],
      filters: 2,
      kernelSize: [3, 3],
      strides: 1,
      padding: 'same',
      useBias: false,
    },
    { name: 'bn1', op: 'batchNorm', inputs: ['conv1'], gamma: [0.8, 0.2] },
    { name: 'relu1', op: 'relu', inputs: ['bn1'] },
    { name: 'gap', op: 'globalAvgPool', inputs: ['relu1'] },
    { name: 'logits', op: 'dense', inputs: ['gap'], units: 3 },
  ],
  outputs: ['logits'],
};

function issues(raw: unknown) {
  try {
    parseNetwork(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(MorphnetError);
    expect((error as MorphnetError).code).toBe('INVALID_NETWORK');
    return (error as MorphnetError).issues;
  }
  throw new Error('expected a validation error');
}

const withLayer = (i: number, patch: object) => ({
  ...base,
  layers: base.layers.map((l, j) => (j === i ? { ...l, ...patch } : l)),
});

describe('network description format', () => {
  it('fills defaults and round-trips through JSON unchanged', () => {
    const net = parseNetwork(base);
    expect(net.layers[1]).toMatchObject({
      scale: true,
      center: true,
      epsilon: 1e-3,
      momentum: 0.99,
    });
    expect(parseNetwork(JSON.parse(JSON.stringify(net)))).toEqual(net);
    for (const name of ZOO_NETWORKS) {
      const zoo = zooNetwork(name);
      expect(parseNetwork(JSON.parse(JSON.stringify(zoo)))).toEqual(zoo);
    }
  });

  it('a model written back with its parameter values computes the same outputs', () => {
    const model = buildModel(parseNetwork(base), { seed: 7 });
    const x = tf.randomNormal([2, 6, 6, 1], 0, 1, 'float32', 3);
    const again = buildModel(parseNetwork(JSON.parse(JSON.stringify(model.toDescription()))));
    const a = model.apply(x, { training: false })[0]!.dataSync();
    const b = again.apply(x, { training: false })[0]!.dataSync();
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(again.variables.get('bn1/gamma')!.dataSync()).toEqual(new Float32Array([0.8, 0.2]));
  });

  it('reports layer, field and reason', () => {
    expect(issues(withLayer(0, { filters: 0 }))).toEqual([
      expect.objectContaining({ layer: 'conv1', field: 'filters' }),
    ]);
    expect(issues(withLayer(1, { gamma: [1, 2, 3] }))).toEqual([
      { layer: 'bn1', field: 'gamma', reason: 'expected 2 values for shape [2], got 3' },
    ]);
    expect(issues(withLayer(2, { inputs: ['nope'] }))[0]).toMatchObject({
      layer: 'relu1',
      field: 'inputs',
    });
    expect(issues(withLayer(4, { inputs: ['relu1'] }))[0]).toMatchObject({
      layer: 'logits',
      field: 'inputs',
      reason: expect.stringMatching(/rank-1/),
    });
    expect(issues(withLayer(2, { name: 'bn1' }))[0]).toMatchObject({
      layer: 'bn1',
      field: 'name',
      reason: expect.stringMatching(/duplicate/),
    });
    expect(issues(withLayer(0, { op: 'conv9' }))[0]).toMatchObject({ layer: 'conv1', field: 'op' });
    expect(issues({ ...base, outputs: ['ghost'] })[0]).toMatchObject({ field: 'outputs.0' });
    expect(issues({ ...base, format: 'v0' })[0]).toMatchObject({ field: 'format' });
    expect(() => parseNetwork(withLayer(0, { filters: 0 }))).toThrow(
      /layer "conv1", field "filters"/,
    );
  });

  it('checks shapes of merges and concats', () => {
    const add = {
      ...base,
      layers: [...base.layers.slice(0, 3), { name: 'sum', op: 'add', inputs: ['relu1', 'image'] }],
      outputs: ['sum'],
    };
    expect(parseNetwork(add).layers).toHaveLength(4); // 2 channels + 1 channel broadcast
    const cat = {
      ...base,
      layers: [...base.layers.slice(0, 3), { name: 'cat', op: 'concat', inputs: ['relu1', 'gap'] }],
      outputs: ['cat'],
    };
    expect(issues(cat)[0]).toMatchObject({ layer: 'cat', field: 'inputs' });
  });

  it('names a parameter nested 20,000 deep instead of overflowing the stack', () => {
    let gamma: unknown = [0.8, 0.2];
    for (let i = 0; i < 20_000; i++) gamma = [gamma];
    expect(issues(withLayer(1, { gamma }))).toEqual([
      {
        layer: 'bn1',
        field: 'gamma',
        reason: 'nests 20001 levels deep; at most 1 (one per dimension)',
      },
    ]);
  });
});
