import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import {
  buildModel,
  countParameters,
  importKerasModel,
  parseNetwork,
  zooNetwork,
  type MorphModel,
  type NetworkDescription,
} from '../../index';
import { exportTfjsLayersModel } from './tfjs-layers.export';
import { EVERY_OP } from './every-op.fixture';

tf.setBackend('cpu');

/** A retrained-looking state: random moving statistics, biases and gate logits (some < 0). */
function perturb(model: MorphModel, seed: number): void {
  let i = 0;
  for (const [key, v] of model.variables) {
    const s = seed + i++;
    tf.tidy(() => {
      if (/\/(movingVariance|gamma)$/.test(key))
        v.assign(tf.randomUniform(v.shape, 0.5, 2, 'float32', s));
      else if (/\/(movingMean|beta|bias)$/.test(key))
        v.assign(tf.randomNormal(v.shape, 0, 0.3, 'float32', s));
      else if (key.endsWith('/logits')) v.assign(tf.randomNormal(v.shape, 0.5, 2, 'float32', s));
    });
  }
}

const weightsOf = (model: MorphModel) =>
  new Map([...model.variables].map(([k, v]) => [k, v.dataSync() as Float32Array] as const));

async function load(exported: ReturnType<typeof exportTfjsLayersModel>) {
  return tfl.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: exported.modelJson.modelTopology as tf.io.ModelJSON['modelTopology'],
      weightSpecs: exported.weightSpecs as tf.io.WeightsManifestEntry[],
      weightData: exported.weightData.slice().buffer,
    }),
  );
}

/** Largest |a − b| / max(|b|, 1e-3) over the outputs: relative, tolerant of values near 0. */
function maxRelative(a: tf.Tensor, b: tf.Tensor): number {
  const [x, y] = [a.dataSync(), b.dataSync()];
  expect(x.length).toBe(y.length);
  let worst = 0;
  y.forEach(
    (v, i) =>
      (worst = Math.max(worst, Math.abs((x[i] as number) - v) / Math.max(Math.abs(v), 1e-3))),
  );
  return worst;
}

async function comparePredictions(net: NetworkDescription, seed: number) {
  const model = buildModel(net, { seed, convolutions: 'native' });
  perturb(model, seed);
  const exported = exportTfjsLayersModel(net, { weights: weightsOf(model) });
  const loaded = await load(exported);
  const shape = net.inputs[0]!.shape;
  const x = tf.randomNormal([3, ...shape], 0, 1, 'float32', seed);
  const want = model.apply(x, { training: false })[0]!;
  const got = loaded.predict(x) as tf.Tensor;
  const relative = maxRelative(got, want);
  tf.dispose([x, want, got]);
  loaded.dispose();
  model.dispose();
  return { exported, relative };
}

describe('exporting a TF.js layers model', () => {
  it.each(['fmnist-cnn', 'fmnist-cnn-gated', 'fmnist-resnet-gated', 'fmnist-mobilenet-gated'])(
    '%s: tf.loadLayersModel predicts what the MorphModel does (1e-5 relative)',
    async (name) => {
      const { relative } = await comparePredictions(zooNetwork(name), 7);
      expect(relative).toBeLessThan(1e-5);
    },
  );

  it('maps every op of our format (gates folded or as 1×1 depthwise convolutions)', async () => {
    const { exported, relative } = await comparePredictions(parseNetwork(EVERY_OP), 11);
    expect(relative).toBeLessThan(1e-5);
    const gates = exported.network.layers.filter((l) => /^g\d$/.test(l.name));
    expect(gates.map(({ name, op }) => ({ name, op }))).toEqual([
      { name: 'g3', op: 'depthwiseConv2d' },
    ]);
    const classes = new Set(
      (exported.modelJson.modelTopology.config as { layers: { class_name: string }[] }).layers.map(
        (l) => l.class_name,
      ),
    );
    expect([...classes].sort()).toEqual(
      [
        'Activation',
        'Add',
        'AveragePooling2D',
        'BatchNormalization',
        'Concatenate',
        'Conv2D',
        'Conv2DTranspose',
        'Dense',
        'DepthwiseConv2D',
        'Dropout',
        'Flatten',
        'GlobalAveragePooling2D',
        'InputLayer',
        'MaxPooling2D',
        'Multiply',
        'ReLU',
        'Reshape',
        'SeparableConv2D',
      ].sort(),
    );
  });

  it.each(['fmnist-cnn', 'fmnist-resnet', 'fmnist-mobilenet', 'fmnist-resnet-gated'])(
    '%s: export then import gives the same network and parameter count',
    (name) => {
      const net = zooNetwork(name);
      const model = buildModel(net, { seed: 3 });
      perturb(model, 3);
      const exported = exportTfjsLayersModel(net, { weights: weightsOf(model) });
      const { network, parameters } = importKerasModel(
        JSON.parse(JSON.stringify(exported.modelJson)),
        { weights: exported.weightData },
      );
      // Same layers (ops, fields, wiring) up to their order and parameter values.
      const VALUES = /^(kernel|depthwiseKernel|pointwiseKernel|bias|gamma|beta|moving\w+|logits)$/;
      const strip = (n: NetworkDescription) =>
        n.layers
          // Pools without strides use their pool size; the import always writes it.
          .map((l) => ('poolSize' in l ? { strides: l.poolSize, ...l } : l))
          .map((l) => Object.fromEntries(Object.entries(l).filter(([k]) => !VALUES.test(k))))
          .sort((x, y) => String(x['name']).localeCompare(String(y['name'])));
      expect(strip(network)).toEqual(strip(exported.network));
      expect(network.outputs).toEqual(exported.network.outputs);
      expect(parameters).toBe(countParameters(exported.network));
      if (!name.endsWith('-gated')) expect(parameters).toBe(countParameters(net));
      const bn = network.layers.find((l) => l.op === 'batchNorm') as { movingMean?: number[] };
      const key = `${network.layers.find((l) => l.op === 'batchNorm')!.name}/movingMean`;
      expect(bn.movingMean).toEqual(Array.from(model.variables.get(key)!.dataSync()));
      // The imported network, values included, predicts what the retrained model does.
      const x = tf.randomNormal([2, 28, 28, 1], 0, 1, 'float32', 1);
      const back = buildModel(network);
      const [want, got] = [model, back].map((m) => m.apply(x, { training: false })[0]!);
      expect(maxRelative(got!, want!)).toBeLessThan(1e-5);
      tf.dispose([x, want!, got!]);
      back.dispose();
      model.dispose();
    },
  );

  it('rejects layers whose weight names tfjs-layers would refuse, naming them', () => {
    const net = parseNetwork({
      format: 'morphsweep-network/v1',
      name: 'underscore',
      inputs: [{ name: 'x', shape: [4] }],
      layers: [
        {
          name: '_d',
          op: 'dense',
          inputs: ['x'],
          units: 2,
          kernel: new Array(8).fill(0),
          bias: [0, 0],
        },
      ],
      outputs: ['_d'],
    });
    expect(() => exportTfjsLayersModel(net)).toThrow(
      expect.objectContaining({
        code: 'UNSUPPORTED_EXPORT',
        issues: [expect.objectContaining({ layer: '_d' })],
      }),
    );
  });

  it('names every parameter it has no values for', () => {
    expect(() => exportTfjsLayersModel(zooNetwork('fmnist-cnn'))).toThrow(/conv1\/kernel/);
  });
});
