import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  SMALL_ZOO_NETWORKS,
  ZOO_NETWORKS,
  buildModel,
  buildOpGraph,
  countParameters,
  createNetworkRegularizer,
  flopFunction,
  fullWidthCost,
  zooNetwork,
  type NetworkDescription,
  type OpNode,
  type TensorSource,
} from '../../index';
import { parameterShapes } from '../format/layer.shapes';
import { inferNetworkShapes } from '../format/network.parse';
import { kerasFixture } from '../../test/keras-fixtures';

const resnet20 = kerasFixture('resnet20');
const mobilenet32 = kerasFixture('mobilenetv2-32');
const mobilenet224 = kerasFixture('mobilenetv2-224');
const sequentialCnn = kerasFixture('sequential-cnn');
const vgg16NoTop = kerasFixture('vgg16-notop-32');

// Each realistic seed's trainable parameters and where the figure comes from. Keras' counts
// are read from the fixtures make-fixtures.py writes with TensorFlow 2.21 / Keras 3.
const PUBLISHED: Record<string, { count: number; source: string }> = {
  'fmnist-cnn-wide': { count: sequentialCnn.trainable, source: 'Keras, bench/training network' },
  'cifar-resnet20': { count: resnet20.trainable, source: 'Keras, the same ResNet-20 (option B)' },
  // torchvision's published num_params of vgg11_bn / vgg16_bn (224×224, 1000 classes).
  'imagenet-vgg11-bn': { count: 132_868_840, source: 'torchvision vgg11_bn' },
  'imagenet-vgg16-bn': { count: 138_365_992, source: 'torchvision vgg16_bn' },
  'cifar-mobilenetv2': { count: mobilenet32.trainable, source: 'keras.applications, 32×32, 10' },
  'imagenet-mobilenetv2': { count: mobilenet224.trainable, source: 'keras.applications, 224' },
};

/** Values for every variable (ones), made when MorphNet first asks: no model is built. */
function lazyTensors(): TensorSource & { dispose(): void } {
  const made = new Map<OpNode, tf.Tensor>();
  return {
    tensor(op: OpNode) {
      let t = made.get(op);
      if (!t) made.set(op, (t = tf.keep(tf.ones((op.outputShapes[0] ?? []).map(Number)))));
      return t;
    },
    dispose: () => tf.dispose([...made.values()]),
  };
}

/** Parameters of the projection shortcuts (option B's addition over the paper's option A). */
function projectionParameters(net: NetworkDescription): number {
  const shapes = inferNetworkShapes(net);
  return net.layers
    .filter((l) => /_shortcut(_bn)?$/.test(l.name))
    .flatMap((l) => Object.entries(parameterShapes(l, shapes.get(l.inputs[0]!)!)))
    .filter(([param]) => param !== 'movingMean' && param !== 'movingVariance')
    .reduce((n, [, shape]) => n + shape.reduce((a, d) => a * d, 1), 0);
}

describe('seed-network zoo: realistic seeds', () => {
  it.each(Object.entries(PUBLISHED))('%s has the published parameter count', (name, ref) => {
    expect(countParameters(zooNetwork(name)), ref.source).toBe(ref.count);
  });

  it('Keras agrees with every reference count the fixtures hold', () => {
    expect([resnet20.trainable, mobilenet32.trainable, mobilenet224.trainable]).toEqual([
      272_474, 2_236_682, 3_504_872,
    ]);
    // Keras' count_params adds the batch-norm moving statistics, which nothing trains.
    expect([sequentialCnn.total, mobilenet224.total]).toEqual([94_634, 3_538_984]);
  });

  it('the CIFAR ResNets match He et al. 2016 (Table 6: 0.27M, 0.85M) once option A', () => {
    // Option A's shortcuts have no parameters: 269,722 and 853,018.
    const optionA = (name: string) => {
      const net = zooNetwork(name);
      return countParameters(net) - projectionParameters(net);
    };
    expect(optionA('cifar-resnet20')).toBe(269_722);
    expect(optionA('cifar-resnet56')).toBe(853_018);
    expect(countParameters(zooNetwork('cifar-resnet56'))).toBe(855_770);
    const net = zooNetwork('cifar-resnet56');
    expect(net.layers.filter((l) => l.op === 'conv2d' || l.op === 'dense').length - 2).toBe(56);
  });

  it('the CIFAR VGGs are the convolutions of VGG (Keras VGG16 without top) plus BN and dense 10', () => {
    const bnAndHead = (channels: number[]) =>
      2 * channels.reduce((a, c) => a + c, 0) + 512 * 10 + 10;
    expect(countParameters(zooNetwork('cifar-vgg16-bn'))).toBe(
      vgg16NoTop.trainable + bnAndHead([64, 64, 128, 128, 256, 256, 256, ...Array(6).fill(512)]),
    );
    expect(countParameters(zooNetwork('cifar-vgg16-bn'))).toBe(14_728_266);
    expect(countParameters(zooNetwork('cifar-vgg11-bn'))).toBe(9_231_114);
  });

  it.each(ZOO_NETWORKS.filter((n) => !SMALL_ZOO_NETWORKS.includes(n)))(
    'MorphNet analyses %s without building it (op graph, regularizer, FLOPs)',
    (name) => {
      const net = zooNetwork(name);
      const gated = name.endsWith('-gated');
      const graph = buildOpGraph(net, 'training');
      const tensors = lazyTensors();
      try {
        const reg = createNetworkRegularizer({
          graph,
          tensors,
          family: gated ? 'logistic-sigmoid' : 'gamma',
          resource: 'flops',
          threshold: gated ? 0.1 : 0.01,
          regularizeOnMask: false,
          maskAsAliveVector: false,
        });
        // Every unit gamma / open gate is alive: the term's cost is the full-width cost.
        expect(reg.getCost()).toBeCloseTo(fullWidthCost(net, flopFunction()), -3);
        // Depthwise convs share channels with their input, so MobileNetV2 flags each of its
        // 17 depthwise BNs (as fmnist-mobilenet does, diagnostics.spec); nothing else is flagged.
        const flagged = reg.manager.diagnostics.map((d) => d.op);
        expect(flagged).toEqual(
          name.includes('mobilenetv2') && !gated
            ? Array.from({ length: 17 }, (_, i) =>
                expect.stringMatching(new RegExp(`^(block_${i}|expanded_conv)_depthwise_BN/`)),
              )
            : [],
        );
        const term = reg.getRegularizationTerm();
        expect(Number.isFinite(term.dataSync()[0])).toBe(true);
        term.dispose();
      } finally {
        tensors.dispose();
      }
    },
  );

  it('small networks still build and count what they train', () => {
    expect(SMALL_ZOO_NETWORKS).toEqual(
      expect.arrayContaining(['fmnist-cnn', 'fmnist-cnn-wide', 'fmnist-cnn-wide-gated']),
    );
    const model = buildModel(zooNetwork('fmnist-cnn-wide'), { seed: 0 });
    try {
      expect(model.trainableVariables().reduce((s, v) => s + v.size, 0)).toBe(94_186);
    } finally {
      model.dispose();
    }
  });
});
