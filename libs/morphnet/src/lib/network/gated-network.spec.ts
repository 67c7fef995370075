import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  MorphnetError,
  StructureExporter,
  SMALL_ZOO_NETWORKS,
  buildModel,
  createNetworkRegularizer,
  fullWidthCost,
  memoryFunction,
  zooNetwork,
} from '../../index';
import { Net, fill } from '../../test/slim.fixture';

// docs/morphnet.md §10.2: the §10.1 network with conv+bias followed by a gate (τ = 0.001,
// training mode); logits +10 where that network's gammas are alive, −10 elsewhere.
const logits = (alive: number, total: number) => [...fill(10, alive), ...fill(-10, total - alive)];

function gatedNet() {
  const n = new Net({ name: 'image', shape: [17, 19, 3] });
  const conv = (
    name: string,
    input: string,
    filters: number,
    kernelSize: [number, number],
    alive: number,
    strides = 1,
  ) => {
    n.add({ name, op: 'conv2d', inputs: [input], filters, kernelSize, strides });
    return n.add({
      name: `${name}_gate`,
      op: 'gate',
      inputs: [name],
      temperature: 0.001,
      logits: logits(alive, filters),
    });
  };
  const c1 = conv('conv1', 'image', 13, [7, 5], 7);
  const c2 = conv('conv2', 'image', 23, [1, 1], 11);
  n.add({ name: 'concat', op: 'concat', inputs: [c1, c2] });
  const c3 = conv('conv3', 'concat', 29, [3, 3], 10, 2);
  const c4 = conv('conv4', 'concat', 31, [1, 1], 17);
  return n.build([c3, c4]);
}

describe('FiGS gates, logistic-sigmoid (docs/morphnet.md §10.2)', () => {
  it('costs follow the sampled masks: same alive counts as the gamma network', () => {
    const model = buildModel(gatedNet());
    model.resampleGates({ seed: 11 });
    const reg = createNetworkRegularizer({
      graph: model.graph('training'),
      tensors: model,
      family: 'logistic-sigmoid',
      resource: 'flops',
    });
    const S = 17 * 19;
    const expected = 2 * S * 35 * 3 * 7 + 2 * S * 3 * 11 + 2 * 90 * 9 * 18 * 10 + 2 * S * 18 * 17;
    expect(reg.getCost()).toBe(expected);
    // Masks are 0/1 to float precision here, so R equals the alive counts and reg = 2·cost
    // for the heads (both sides regularized) and = cost for the image-fed convs.
    const term = reg.getRegularizationTerm().dataSync()[0] as number;
    expect(term / (2 * expected - 2 * S * 35 * 3 * 7 - 2 * S * 3 * 11)).toBeCloseTo(1, 4);
    expect(reg.name).toBe('LogisticSigmoidFlops');
  });

  it('the inference graph has no sampling op, so nothing is regularized', () => {
    const model = buildModel(gatedNet());
    const reg = createNetworkRegularizer({
      graph: model.graph('inference'),
      tensors: model,
      family: 'logistic-sigmoid',
      resource: 'flops',
    });
    expect(reg.manager.ops).toHaveLength(0);
    expect(reg.getCost()).toBe(0);
  });

  it('gradients reach gate logits through the sampled mask (soft mode)', () => {
    const n = new Net({ name: 'image', shape: [2, 2, 1] });
    n.add({ name: 'conv', op: 'conv2d', inputs: ['image'], filters: 3, kernelSize: 1 });
    n.add({ name: 'g', op: 'gate', inputs: ['conv'], temperature: 1, logits: [0.5, -0.5, 1] });
    const model = buildModel(n.build(['g']));
    const reg = createNetworkRegularizer({
      graph: model.graph(),
      tensors: model,
      family: 'logistic-sigmoid',
      resource: 'flops',
    });
    const lg = model.variables.get('g/logits')!;
    const { grads } = tf.variableGrads(() => {
      model.apply(tf.ones([1, 2, 2, 1]), { training: true, seed: 5 });
      return reg.getRegularizationTerm();
    }, [lg]);
    // term = 2·S·1·Σm (image side unregularized) with m = sigmoid(logit + L): dm/dlogit = m(1−m).
    const mask = Array.from(
      model.tensor(model.graph().find('g/LogisticSigmoidGating')!, 0).dataSync(),
    );
    const expected = mask.map((m) => 2 * 4 * m * (1 - m));
    Array.from(grads[lg.name]!.dataSync()).forEach((g, i) =>
      expect(g).toBeCloseTo(expected[i] as number, 4),
    );
  });

  it('reading a gate source before any sample is an error', () => {
    const model = buildModel(gatedNet());
    const reg = createNetworkRegularizer({
      graph: model.graph(),
      tensors: model,
      family: 'logistic-sigmoid',
      resource: 'flops',
    });
    expect(() => reg.getCost()).toThrow(MorphnetError);
  });
});

describe('the keep-first-channel mask is a charged ConcatV2, as in the reference (docs/morphnet.md §2.3, §9.3)', () => {
  // image [4,4,1] → 1x1 conv to C channels (bias) → gate (τ = 0.001); logits ±10, so the
  // sampled mask is 1 for the +10 channels and 0 for the −10 ones to float precision.
  function tinyGated(logits: number[], keepFirstChannelAlive = true) {
    const n = new Net({ name: 'image', shape: [4, 4, 1] });
    n.add({ name: 'conv', op: 'conv2d', inputs: ['image'], filters: logits.length, kernelSize: 1 });
    n.add({
      name: 'g',
      op: 'gate',
      inputs: ['conv'],
      temperature: 0.001,
      logits,
      keepFirstChannelAlive,
    });
    const model = buildModel(n.build(['g']));
    model.resampleGates({ seed: 11 });
    return model;
  }
  const regularizer = (
    model: ReturnType<typeof buildModel>,
    resource: 'flops' | 'latency' | 'memory',
  ) =>
    createNetworkRegularizer({
      graph: model.graph('training'),
      tensors: model,
      family: 'logistic-sigmoid',
      resource,
      hardware: resource === 'latency' ? 'V100' : undefined,
    });

  it('charges 4·A bytes in and 4·A bytes out for the [C] mask concat (A = alive channels)', () => {
    const model = tinyGated([10, 10, -10]);
    const graph = model.graph('training');
    const concat = graph.find('g/concat')!;
    expect(concat.type).toBe('ConcatV2');
    expect(concat.inputs.map((i) => i.op.type)).toEqual(['Fill', 'Fill', 'Const']);
    expect(graph.find('g/Maximum')!.inputs.map((i) => i.op.name)).toEqual([
      'g/LogisticSigmoidGating',
      'g/concat',
    ]);
    const memory = regularizer(model, 'memory');
    // The concat joins the gate's group, which it slices into [1, 2].
    expect(memory.manager.sliceSizes(graph.find('g/LogisticSigmoidGating')!)).toEqual([1, 2]);
    const row = memory.opCosts().find((r) => r.name === 'g/concat')!;
    // A = 2 alive channels on both sides (a concat's input side is its own output); the
    // payload of a [C] tensor is 4 bytes per channel: 4·2 + 4·2 = 16 bytes; reg 8·Σm = 16.
    expect(row).toMatchObject({ type: 'ConcatV2', aliveIn: 2, aliveOut: 2, cost: 16 });
    expect(row.regularizationTerm).toBeCloseTo(16, 4);
    // Latency on V100: no FLOPs, so the roofline is the memory side, 16 B / 900 GB/s.
    const latency = regularizer(model, 'latency')
      .opCosts()
      .find((r) => r.name === 'g/concat')!;
    expect(latency.cost).toBeCloseTo(16 / 900, 12);
    expect(latency.regularizationTerm).toBeCloseTo(16 / 900, 6);
    model.dispose();
  });

  it('adds exactly that op to latency and memory; FLOPs and alive counts do not change', () => {
    const kept = tinyGated([10, 10, -10]);
    const plain = tinyGated([10, 10, -10], false);
    expect(plain.graph('training').find('g/concat')).toBeUndefined();
    expect(
      regularizer(kept, 'latency').getCost() - regularizer(plain, 'latency').getCost(),
    ).toBeCloseTo(16 / 900, 12);
    expect(regularizer(kept, 'memory').getCost() - regularizer(plain, 'memory').getCost()).toBe(16);
    // FLOPs: the conv only, 2·S·K·A_in·A_out = 2·16·1·1·2 (the concat has none).
    for (const model of [kept, plain]) {
      const flops = regularizer(model, 'flops');
      expect(flops.getCost()).toBe(2 * 16 * 1 * 1 * 2);
      const exporter = new StructureExporter(flops.manager);
      exporter.evaluate();
      expect(exporter.getAliveCounts()).toEqual({ 'conv/Conv2D': 2 });
    }
    // At full width (the inference graph, every channel alive) the concat costs 8·C bytes.
    expect(
      fullWidthCost(kept.description, memoryFunction()) -
        fullWidthCost(plain.description, memoryFunction()),
    ).toBe(8 * 3);
    kept.dispose();
    plain.dispose();
  });

  it('a one-channel gate concats a 1 with an empty fill', () => {
    const model = tinyGated([10]);
    const row = regularizer(model, 'memory')
      .opCosts()
      .find((r) => r.name === 'g/concat')!;
    expect(row).toMatchObject({ aliveIn: 1, aliveOut: 1, cost: 8 });
    model.dispose();
  });
});

describe('seed-network zoo', () => {
  it('every network trains one step and its gated variant has a gate after every relu', () => {
    // The small (Fashion-MNIST) ones: the realistic seeds are analysed in zoo/seed-zoo.spec.ts.
    for (const name of SMALL_ZOO_NETWORKS) {
      const net = zooNetwork(name);
      const relus = net.layers.filter((l) => l.op === 'relu' || l.op === 'relu6').length;
      expect(net.layers.filter((l) => l.op === 'gate').length).toBe(
        name.endsWith('-gated') ? relus : 0,
      );
      const model = buildModel(net, { seed: 1 });
      const family = name.endsWith('-gated') ? 'logistic-sigmoid' : 'gamma';
      const reg = createNetworkRegularizer({
        graph: model.graph(),
        tensors: model,
        family,
        resource: 'flops',
        threshold: family === 'gamma' ? 0.01 : 0.1,
      });
      const before = Array.from(model.variables.get('logits/kernel')!.dataSync());
      tf.train.sgd(0.1).minimize(
        () => {
          const [out] = model.apply(tf.ones([2, 28, 28, 1]), { training: true, seed: 2 });
          return tf.add(
            tf.losses.softmaxCrossEntropy(tf.oneHot([1, 2], 10), out!),
            tf.mul(reg.getRegularizationTerm(), 1e-7),
          ) as tf.Scalar;
        },
        false,
        model.trainableVariables(),
      );
      expect(Array.from(model.variables.get('logits/kernel')!.dataSync())).not.toEqual(before);
      expect(reg.getCost()).toBeGreaterThan(0);
      model.dispose();
    }
    expect(() => zooNetwork('imagenet-resnet')).toThrow(/unknown zoo network/);
  });
});
