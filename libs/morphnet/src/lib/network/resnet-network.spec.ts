import { describe, expect, it } from 'vitest';
import { buildModel, createNetworkRegularizer, type NetworkDescription } from '../../index';
import { Net } from '../../test/slim.fixture';

// docs/morphnet.md §10.7: a ResNet v1 bottleneck block of 2 units, stride 2 (in the last unit, as
// in slim's resnet_v1 blocks), then a global mean and a dense layer. Depth 8, bottleneck depth 2.
// unit_1 changes the depth (3 → 8): its shortcut is a 1x1 conv + BN. unit_2 keeps the depth: its
// shortcut subsamples with a 1x1 max pool of stride 2. Gamma FLOPs, threshold 0.45.
const GAMMA = {
  unit_1_shortcut: [0.9, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1],
  unit_1_conv1: [0.5, 0.2],
  unit_1_conv2: [0.6, 0.9],
  unit_1_conv3: [0.1, 0.8, 0.1, 0.1, 0.1, 0.1, 0.1, -0.2],
  unit_2_conv1: [0.1, -0.6],
  unit_2_conv2: [0.3, 0.2],
  unit_2_conv3: [0.1, 0.1, 0.7, 0.1, 0.1, -0.3, 0.1, 0.1],
};

function resnetBlock(): NetworkDescription {
  const n = new Net({ name: 'image', shape: [8, 8, 3] });
  const convBn = (
    name: keyof typeof GAMMA,
    input: string,
    filters: number,
    kernelSize: number,
    strides: number,
  ) => {
    n.add({ name, op: 'conv2d', inputs: [input], filters, kernelSize, strides, useBias: false });
    return n.add({ name: `${name}_bn`, op: 'batchNorm', inputs: [name], gamma: GAMMA[name] });
  };
  const unit = (u: 1 | 2, input: string, shortcut: string, strides: number) => {
    let x = n.add({
      name: `unit_${u}_conv1_relu`,
      op: 'relu',
      inputs: [convBn(`unit_${u}_conv1`, input, 2, 1, 1)],
    });
    x = n.add({
      name: `unit_${u}_conv2_relu`,
      op: 'relu',
      inputs: [convBn(`unit_${u}_conv2`, x, 2, 3, strides)],
    });
    x = convBn(`unit_${u}_conv3`, x, 8, 1, 1);
    n.add({ name: `unit_${u}_add`, op: 'add', inputs: [shortcut, x] });
    return n.add({ name: `unit_${u}_relu`, op: 'relu', inputs: [`unit_${u}_add`] });
  };
  const u1 = unit(1, 'image', convBn('unit_1_shortcut', 'image', 8, 1, 1), 1);
  const sub = n.add({
    name: 'unit_2_shortcut',
    op: 'maxPool',
    inputs: [u1],
    poolSize: 1,
    strides: 2,
  });
  const u2 = unit(2, u1, sub, 2);
  n.add({ name: 'mean', op: 'globalAvgPool', inputs: [u2] });
  return n.build([n.add({ name: 'logits', op: 'dense', inputs: ['mean'], units: 3 })]);
}

function analyse() {
  const model = buildModel(resnetBlock(), { seed: 1 });
  const graph = model.graph();
  const reg = createNetworkRegularizer({
    graph,
    tensors: model,
    family: 'gamma',
    resource: 'flops',
    threshold: 0.45,
  });
  const m = reg.manager;
  const op = (name: string) => graph.find(name)!;
  const group = (name: string) => {
    const slices = m.getOpSlices(op(name));
    expect(slices).toHaveLength(1);
    return m.getOpGroup(slices[0]!);
  };
  return { reg, m, op, group };
}

// By hand (docs/morphnet.md §5.2, §5.7): alive = |γ| > 0.45, R = Σ|γ|; the residual group is
// the Max of three BNs.
const alive = (g: number[]) => g.map((v) => Math.abs(v) > 0.45);
const count = (a: boolean[]) => a.filter(Boolean).length;
const sumAbs = (g: number[]) => g.reduce((s, v) => s + Math.abs(v), 0);
const RESIDUAL = ['unit_1_shortcut', 'unit_1_conv3', 'unit_2_conv3'] as const;
const resAlive = GAMMA.unit_1_shortcut.map((_, c) => RESIDUAL.some((n) => alive(GAMMA[n])[c]));
const resReg = GAMMA.unit_1_shortcut.map((_, c) =>
  Math.max(...RESIDUAL.map((n) => Math.abs(GAMMA[n][c] as number))),
);

describe('ResNet v1 bottleneck block, 2 units, stride 2 (docs/morphnet.md §10.7)', () => {
  it('the shortcut conv, the last conv of every unit, the max-pool shortcut and the mean share one group', () => {
    const { group } = analyse();
    const residual = group('unit_1_shortcut/Conv2D');
    const members = [
      'unit_1_shortcut_bn/FusedBatchNormV3',
      'unit_1_conv3/Conv2D',
      'unit_1_conv3_bn/FusedBatchNormV3',
      'unit_1_add/AddV2',
      'unit_1_relu/Relu',
      'unit_2_shortcut/MaxPool',
      'unit_2_conv3/Conv2D',
      'unit_2_conv3_bn/FusedBatchNormV3',
      'unit_2_add/AddV2',
      'unit_2_relu/Relu',
      'mean/Mean',
    ];
    for (const name of members) expect(group(name), name).toBe(residual);
    expect(residual?.sources.map((s) => s.op.name).sort()).toEqual(
      RESIDUAL.map((n) => `${n}_bn/FusedBatchNormV3`).sort(),
    );
  });

  it('the bottleneck convs keep groups of their own, with their own BN as only source', () => {
    const { group } = analyse();
    const residual = group('unit_1_shortcut/Conv2D');
    const seen = new Set([residual]);
    for (const name of ['unit_1_conv1', 'unit_1_conv2', 'unit_2_conv1', 'unit_2_conv2']) {
      const g = group(`${name}/Conv2D`);
      expect(g).toBe(group(`${name}_relu/Relu`));
      expect(g?.sources.map((s) => s.op.name)).toEqual([`${name}_bn/FusedBatchNormV3`]);
      expect(seen.has(g)).toBe(false);
      seen.add(g);
    }
    // The logits have no BN after them: a source-less group, no regularizer.
    expect(group('logits/MatMul')?.sources).toEqual([]);
  });

  it('the residual regularizer is the Max / OR of the three BNs', () => {
    const { m, op } = analyse();
    expect(resAlive).toEqual([true, true, true, false, false, false, false, false]);
    for (const name of ['unit_2_shortcut/MaxPool', 'mean/Mean', 'unit_1_conv3/Conv2D']) {
      const r = m.getRegularizer(op(name))!;
      expect(Array.from(r.aliveVector().dataSync(), (v) => v !== 0)).toEqual(resAlive);
      Array.from(r.regularizationVector().dataSync()).forEach((v, c) =>
        expect(v).toBeCloseTo(resReg[c] as number, 6),
      );
    }
    expect(m.getRegularizer(op('logits/MatMul'))).toBeNull();
  });

  it('FLOP cost and regularization of every conv and the logits, by hand', () => {
    const { reg } = analyse();
    const A = (n: keyof typeof GAMMA) => count(alive(GAMMA[n]));
    const R = (n: keyof typeof GAMMA) => sumAbs(GAMMA[n]);
    const [Ares, Rres] = [count(resAlive), resReg.reduce((a, b) => a + b, 0)];
    // 2·S_out·K: 8×8 before the stride, 4×4 after unit_2_conv2.
    const term = (c: number, aIn: number, rIn: number, aOut: number, rOut: number) => ({
      cost: c * aIn * aOut,
      reg: c * (aIn * rOut + aOut * rIn),
    });
    const expected: Record<string, { cost: number; reg: number }> = {
      'unit_1_shortcut/Conv2D': term(2 * 64, 3, 0, Ares, Rres),
      'unit_1_conv1/Conv2D': term(2 * 64, 3, 0, A('unit_1_conv1'), R('unit_1_conv1')),
      'unit_1_conv2/Conv2D': term(
        2 * 64 * 9,
        A('unit_1_conv1'),
        R('unit_1_conv1'),
        A('unit_1_conv2'),
        R('unit_1_conv2'),
      ),
      'unit_1_conv3/Conv2D': term(2 * 64, A('unit_1_conv2'), R('unit_1_conv2'), Ares, Rres),
      'unit_2_conv1/Conv2D': term(2 * 64, Ares, Rres, A('unit_2_conv1'), R('unit_2_conv1')),
      'unit_2_conv2/Conv2D': term(
        2 * 16 * 9,
        A('unit_2_conv1'),
        R('unit_2_conv1'),
        A('unit_2_conv2'),
        R('unit_2_conv2'),
      ),
      'unit_2_conv3/Conv2D': term(2 * 16, A('unit_2_conv2'), R('unit_2_conv2'), Ares, Rres),
      // MatMul: 2·A_in·A_out; the 3 logits are unregularized (R_out = 0).
      'logits/MatMul': term(2, Ares, Rres, 3, 0),
    };
    // unit_2_conv2 has no alive channel: it and unit_2_conv3 cost 0 but are still regularized.
    expect(expected['unit_2_conv2/Conv2D']!.cost).toBe(0);
    expect(expected['unit_2_conv3/Conv2D']!.reg).toBeCloseTo(32 * 3 * 0.5, 9);
    const rows = reg.opCosts();
    for (const [name, e] of Object.entries(expected)) {
      const row = rows.find((r) => r.name === name);
      expect(row?.cost, name).toBe(e.cost);
      expect(row?.regularizationTerm, name).toBeCloseTo(e.reg, 3);
    }
    const total = Object.values(expected);
    expect(reg.getCost()).toBe(1152 + 384 + 2304 + 768 + 384 + 0 + 0 + 18);
    expect(reg.getCost()).toBe(total.reduce((s, e) => s + e.cost, 0));
    expect(reg.getRegularizationTerm().dataSync()[0]).toBeCloseTo(
      total.reduce((s, e) => s + e.reg, 0),
      2,
    );
  });
});
