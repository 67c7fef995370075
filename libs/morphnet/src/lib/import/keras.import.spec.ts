import { describe, expect, it } from 'vitest';
import {
  MorphnetError,
  buildModel,
  buildOpGraph,
  countParameters,
  importKerasModel,
  zooNetwork,
} from '../../index';
import { kerasFixture, type KerasFixtureName } from '../../test/keras-fixtures';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const tfjsFixture = JSON.parse(
  readFileSync(join(__dirname, '../../test/fixtures/tfjs/tfjs-functional.json'), 'utf8'),
) as { trainable: number; model: unknown };

const SUPPORTED: KerasFixtureName[] = [
  'sequential-cnn',
  'sequential-layers',
  'resnet20',
  'concat-net',
  'mobilenetv2-32',
  'mobilenetv2-224',
  'vgg16-notop-32',
];

function caught(fn: () => unknown): MorphnetError {
  try {
    fn();
  } catch (error) {
    if (error instanceof MorphnetError) return error;
    throw error;
  }
  throw new Error('did not throw');
}

describe(importKerasModel.name, () => {
  it.each(SUPPORTED)('imports %s with the trainable parameters Keras counted', (name) => {
    const fixture = kerasFixture(name);
    const { network, layout, parameters, flops } = importKerasModel(fixture.model);
    expect(layout).toBe('keras 3');
    expect(countParameters(network)).toBe(fixture.trainable);
    expect(parameters).toBe(fixture.trainable);
    expect(flops).toBeGreaterThan(0);
    expect(buildOpGraph(network).ops.length).toBeGreaterThan(network.layers.length);
  });

  it('imports a TF.js layers model.json (the tf.keras 2 layout) with its trainable count', () => {
    const { network, layout, notes } = importKerasModel(tfjsFixture.model);
    expect(layout).toBe('tfjs-layers');
    expect(countParameters(network)).toBe(tfjsFixture.trainable);
    // The stride-2 stem's explicit ((0, 1), (0, 1)) padding is TF's "same".
    expect(network.layers.find((l) => l.name === 'stem')).toMatchObject({ padding: 'same' });
    expect(network.layers.some((l) => l.name === 'stem_pad')).toBe(false);
    expect(notes).toEqual([expect.stringMatching(/^input rescaling "rescale" .* dropped/)]);
    const model = buildModel(network, { seed: 0 });
    try {
      expect(model.trainableVariables().reduce((n, v) => n + v.size, 0)).toBe(
        tfjsFixture.trainable,
      );
    } finally {
      model.dispose();
    }
  });

  it('maps fused activations, relu max_value, pooling and reshape as Keras means them', () => {
    const { network, notes } = importKerasModel(kerasFixture('sequential-layers').model);
    const ops = network.layers.map((l) => (l.op === 'activation' ? l.activation : l.op));
    expect(ops).toEqual([
      'conv2d',
      'relu',
      'conv2d',
      'relu6',
      'depthwiseConv2d',
      'relu6',
      'separableConv2d',
      'tanh',
      'avgPool',
      'conv2dTranspose',
      'maxPool',
      'reshape',
      'flatten',
      'dropout',
      'dense',
      'elu',
      'dense',
      'softmax',
    ]);
    // ZeroPadding2D(1) + a valid 3×3 conv is the conv with "same" padding.
    expect(network.layers[0]).toMatchObject({ name: 'conv2d_3', padding: 'same' });
    expect(notes[0]).toMatch(/input rescaling "rescaling" \(x·0\.0039\d+ \+ 0\) dropped/);
  });

  it('imports MobileNetV2 as the zoo describes it', () => {
    const imported = importKerasModel(kerasFixture('mobilenetv2-224').model).network;
    const zoo = zooNetwork('imagenet-mobilenetv2');
    // Keras pads stride-2 depthwise convs explicitly; the zoo writes "same" — the same network.
    // Keras numbers some names (global_average_pooling2d_2): compare the wiring by position.
    const input = (net: typeof zoo, n: string) => net.layers.findIndex((l) => l.name === n);
    const layers = (net: typeof zoo) =>
      net.layers
        .filter((l) => l.op !== 'softmax')
        .map((l) => ({ ...l, name: undefined, inputs: l.inputs.map((n) => input(net, n)) }));
    expect(layers(imported)).toEqual(layers(zoo));
  });

  it('keeps GlobalAveragePooling2D(keepdims) and broadcasting Multiply (squeeze-excitation)', () => {
    const { network } = importKerasModel(kerasFixture('concat-net').model);
    expect(network.layers.find((l) => l.name === 'se_squeeze_keepdims')).toMatchObject({
      op: 'reshape',
      targetShape: [1, 1, 24],
    });
    expect(network.layers.find((l) => l.name === 'mixed')).toMatchObject({
      op: 'concat',
      axis: -1,
    });
    expect(network.layers.find((l) => l.name === 'mixed_bn')).toMatchObject({ scale: false });
  });

  it('names every unsupported layer, with its class and reason, in one error', () => {
    const error = caught(() => importKerasModel(kerasFixture('unsupported-net').model));
    expect(error.code).toBe('UNSUPPORTED_MODEL');
    expect(error.issues).toEqual([
      {
        layer: 'dilated',
        field: 'dilation_rate',
        reason: expect.stringMatching(/^Conv2D: dilated/),
      },
      {
        layer: 'layer_norm',
        field: 'class_name',
        reason: expect.stringMatching(/^LayerNormalization: /),
      },
      { layer: 'leaky', field: 'class_name', reason: expect.stringMatching(/^LeakyReLU: /) },
      { layer: 'upsample', field: 'class_name', reason: expect.stringMatching(/^UpSampling2D: /) },
      { layer: 'gmp', field: 'class_name', reason: expect.stringMatching(/^GlobalMaxPooling2D: /) },
      {
        layer: 'logits',
        field: 'activation',
        // Keras 3 writes swish as silu.
        reason: expect.stringMatching(/^Dense: activation "silu" has no op in our format/),
      },
    ]);
    expect(error.message).toMatch(/cannot import 6 layer\(s\) of "unsupported_net" \(keras 3\)/);
  });

  it('reads the tf.keras 2 Sequential layout: no InputLayer, batch_input_shape on the first layer', () => {
    // Written by hand from the Keras 3 fixture (no tf.keras 2 here to write one): the same
    // layers, with tf.keras 2's wrapper fields and input-shape convention.
    const keras3 = kerasFixture('sequential-cnn');
    const model = keras3.model as {
      config: { name: string; layers: Array<Record<string, unknown>> };
    };
    const [input, first, ...rest] = model.config.layers as Array<{
      config: Record<string, unknown>;
    }>;
    const legacy = {
      class_name: 'Sequential',
      keras_version: '2.15.0',
      backend: 'tensorflow',
      config: {
        name: 'legacy_cnn',
        layers: [
          {
            ...first,
            config: { ...first!.config, batch_input_shape: input!.config['batch_shape'] },
          },
          ...rest,
        ],
      },
    };
    const { network, layout } = importKerasModel(legacy);
    expect(layout).toBe('tf.keras 2');
    expect(network.inputs[0]).toMatchObject({ shape: [28, 28, 1] });
    expect(countParameters(network)).toBe(keras3.trainable);
  });

  it('names a layer that reads a layer the model does not have', () => {
    const model = kerasFixture('resnet20').model as {
      config: { layers: Array<{ name: string; inbound_nodes: unknown }> };
    };
    const layers = model.config.layers.map((l) =>
      l.name === 'gap'
        ? {
            ...l,
            inbound_nodes: [
              {
                args: [
                  { class_name: '__keras_tensor__', config: { keras_history: ['ghost', 0, 0] } },
                ],
                kwargs: {},
              },
            ],
          }
        : l,
    );
    const error = caught(() => importKerasModel({ ...model, config: { ...model.config, layers } }));
    expect(error.issues).toEqual([
      {
        layer: 'gap',
        field: 'inbound_nodes',
        reason: expect.stringMatching(/reads "ghost", which is no layer/),
      },
    ]);
  });

  it('rejects padding that is not TF "same" and JSON that is no model', () => {
    const model = kerasFixture('sequential-layers').model as {
      config: { layers: Array<{ class_name: string; config: Record<string, unknown> }> };
    };
    const layers = model.config.layers.map((l) =>
      l.class_name === 'ZeroPadding2D'
        ? {
            ...l,
            config: {
              ...l.config,
              padding: [
                [2, 2],
                [2, 2],
              ],
            },
          }
        : l,
    );
    const error = caught(() => importKerasModel({ ...model, config: { ...model.config, layers } }));
    expect(error.issues).toEqual([
      expect.objectContaining({ layer: 'zero_padding2d', field: 'padding' }),
    ]);
    expect(caught(() => importKerasModel({ hello: 1 })).code).toBe('INVALID_ARGUMENT');
  });
});
