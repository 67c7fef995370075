import { describe, expect, it } from 'vitest';
import { buildModel, createNetworkRegularizer, type NetworkDescription } from '../../index';
import { Net, fill } from '../../test/slim.fixture';

// docs/morphnet.md §10.3: depthwise convs, a concat and a blacklisted group; Gamma, threshold 0.45.
const G1 = [...fill(0.8, 7), ...fill(0.2, 6)];
const G2 = [...fill(-0.7, 11), ...fill(0.1, 12)];
const G3 = [...fill(0.6, 10), ...fill(-0.3, 19)];
const DW1 = [-0.3, -0.9, -0.9];
const DW2 = [...fill(0.3, 5), ...fill(0.9, 10), ...fill(-0.1, 8)];
const THRESHOLD = 0.45;

function depthwiseNet(withDepthwiseBn: boolean): NetworkDescription {
  const n = new Net({ name: 'image', shape: [17, 19, 3] });
  const depthwise = (name: string, input: string, k: number, gamma: number[]) => {
    n.add({ name, op: 'depthwiseConv2d', inputs: [input], kernelSize: k, useBias: false });
    return withDepthwiseBn
      ? n.add({ name: `${name}_bn`, op: 'batchNorm', inputs: [name], gamma })
      : name;
  };
  const dw1 = depthwise('dw1', 'image', 3, DW1);
  const c1 = n.slim('conv1', dw1, 13, [7, 5], G1);
  const c2 = n.slim('conv2', 'image', 23, [1, 1], G2);
  const dw2 = depthwise('dw2', c2, 5, DW2);
  n.add({ name: 'concat', op: 'concat', inputs: [c1, dw2] });
  return n.build([n.slim('conv3', 'concat', 29, [3, 3], G3, 2)]);
}

function analyse(withDepthwiseBn: boolean, extra: object = {}) {
  const model = buildModel(depthwiseNet(withDepthwiseBn), { seed: 1 });
  const graph = model.graph();
  const reg = createNetworkRegularizer({
    graph,
    tensors: model,
    family: 'gamma',
    resource: 'flops',
    threshold: THRESHOLD,
    ...extra,
  });
  const m = reg.manager;
  const op = (name: string) => graph.find(name)!;
  const group = (name: string, i = 0) => m.getOpGroup(m.getOpSlices(op(name))[i]!);
  const row = (name: string) => reg.opCosts().find((o) => o.name === name);
  return { reg, m, op, group, row };
}

// By hand from docs/morphnet.md §5.2/§5.7/§6.2: alive = |γ| > 0.45, R = Σ|γ|, Max grouping =
// element-wise max of |γ| and OR of alive bits.
const alive = (g: number[]) => g.map((v) => Math.abs(v) > THRESHOLD);
const count = (a: boolean[]) => a.filter(Boolean).length;
const sumAbs = (g: number[]) => g.reduce((s, v) => s + Math.abs(v), 0);
const S = 17 * 19;
const coeff = {
  dw1: 2 * S * 9,
  conv1: 2 * S * 35,
  conv2: 2 * S,
  dw2: 2 * S * 25,
  conv3: 2 * 90 * 9,
};

describe('depthwise convs with a blacklist, Gamma FLOPs (docs/morphnet.md §10.3)', () => {
  // dw2 (M = 1) shares its channels with conv2: one group, sources conv2_bn and dw2_bn.
  const g2Alive = alive(G2).map((a, i) => a || (alive(DW2)[i] as boolean));
  const g2Reg = G2.map((v, i) => Math.max(Math.abs(v), Math.abs(DW2[i] as number)));
  const A = { g1: count(alive(G1)), g2: count(g2Alive), g3: count(alive(G3)) };
  const R = { g1: sumAbs(G1), g2: g2Reg.reduce((a, b) => a + b, 0), g3: sumAbs(G3) };

  it('groups each depthwise conv with its input; the blacklisted dw1 group has no regularizer', () => {
    const { m, op, group } = analyse(true, { regularizerBlacklist: ['dw1'] });
    // dw1 (M = 1) joins the image: the group's only source is dw1_bn, and it is blacklisted.
    expect(group('dw1/depthwise')).toBe(group('image'));
    expect(group('dw1/depthwise')).toBe(group('dw1_bn/FusedBatchNormV3'));
    expect(group('dw1/depthwise')?.sources.map((s) => s.op.name)).toEqual([
      'dw1_bn/FusedBatchNormV3',
    ]);
    for (const name of ['image', 'dw1/depthwise', 'dw1_bn/FusedBatchNormV3'])
      expect(m.getRegularizer(op(name))).toBeNull();
    // conv1 does not join its input: its own group with conv1_bn as source.
    expect(group('conv1/Conv2D')).not.toBe(group('dw1/depthwise'));
    expect(group('dw2/depthwise')).toBe(group('conv2/Conv2D'));
    expect(group('dw2_bn/FusedBatchNormV3')).toBe(group('conv2_relu/Relu'));
    expect(
      group('conv2/Conv2D')
        ?.sources.map((s) => s.op.name)
        .sort(),
    ).toEqual(['conv2_bn/FusedBatchNormV3', 'dw2_bn/FusedBatchNormV3']);
    const cat = m.getOpSlices(op('concat/ConcatV2'));
    expect(cat.map((s) => s.size)).toEqual([13, 23]);
    expect(m.getOpGroup(cat[0]!)).toBe(group('conv1/Conv2D'));
    expect(m.getOpGroup(cat[1]!)).toBe(group('dw2/depthwise'));
  });

  it('alive counts: OR of conv2 and dw2 gammas, 7 + 15 through the concat', () => {
    const { m, op } = analyse(true, { regularizerBlacklist: ['dw1'] });
    expect(A).toEqual({ g1: 7, g2: 15, g3: 10 });
    const aliveOf = (name: string) =>
      Array.from(m.getRegularizer(op(name))!.aliveVector().dataSync(), (v) => v !== 0);
    expect(aliveOf('dw2/depthwise')).toEqual(g2Alive);
    expect(aliveOf('concat/ConcatV2')).toEqual([...alive(G1), ...g2Alive]);
    expect(aliveOf('conv3/Conv2D')).toEqual(alive(G3));
  });

  it('FLOP cost and regularization of every conv, depthwise convs with A_out and R_in + R_out', () => {
    const { reg, row } = analyse(true, { regularizerBlacklist: ['dw1'] });
    const expected = {
      // dw1: input and output unregularized (blacklisted group): A = 3, R = 0.
      'dw1/depthwise': { cost: coeff.dw1 * 3, reg: 0 },
      // conv1 reads dw1_bn, which has no regularizer: A_in = 3 static channels, R_in = 0.
      'conv1/Conv2D': { cost: coeff.conv1 * 3 * A.g1, reg: coeff.conv1 * 3 * R.g1 },
      'conv2/Conv2D': { cost: coeff.conv2 * 3 * A.g2, reg: coeff.conv2 * 3 * R.g2 },
      'dw2/depthwise': { cost: coeff.dw2 * A.g2, reg: coeff.dw2 * (R.g2 + R.g2) },
      'conv3/Conv2D': {
        cost: coeff.conv3 * (A.g1 + A.g2) * A.g3,
        reg: coeff.conv3 * ((A.g1 + A.g2) * R.g3 + A.g3 * (R.g1 + R.g2)),
      },
    };
    expect(expected['dw1/depthwise'].cost).toBe(17442);
    expect(expected['conv3/Conv2D'].cost).toBe(356400);
    for (const [name, e] of Object.entries(expected)) {
      expect(row(name)?.cost).toBe(e.cost);
      expect(row(name)?.regularizationTerm).toBeCloseTo(e.reg, 0);
    }
    const total = Object.values(expected).reduce((s, e) => s + e.cost, 0);
    expect(reg.getCost()).toBe(total);
    expect(reg.getRegularizationTerm().dataSync()[0]).toBeCloseTo(
      Object.values(expected).reduce((s, e) => s + e.reg, 0),
      -1,
    );
  });

  it('without the blacklist dw1 is regularized by its own gammas (and the image shares them)', () => {
    const { m, op, row } = analyse(true);
    const dw1 = Array.from(
      m.getRegularizer(op('dw1_bn/FusedBatchNormV3'))!.aliveVector().dataSync(),
      (v) => v !== 0,
    );
    expect(dw1).toEqual(alive(DW1));
    // dw1: A_out = 2 alive, R_in = R_out = Σ|γ_dw1| (the image is in the group).
    expect(row('dw1/depthwise')?.cost).toBe(coeff.dw1 * 2);
    expect(row('dw1/depthwise')?.regularizationTerm).toBeCloseTo(coeff.dw1 * 2 * sumAbs(DW1), 1);
    expect(row('conv1/Conv2D')?.cost).toBe(coeff.conv1 * 2 * A.g1);
    // The image placeholder is a grouping op in dw1's group, so conv2 sees 2 alive inputs too.
    expect(row('conv2/Conv2D')?.cost).toBe(coeff.conv2 * 2 * A.g2);
  });

  it('an input boundary at the image keeps it out of the dw1 group (docs/morphnet.md §3.2)', () => {
    const { m, op, group, row } = analyse(true, { inputBoundary: ['image'] });
    expect(m.ops).not.toContain(op('image'));
    expect(group('dw1/depthwise')).toBe(group('dw1_bn/FusedBatchNormV3'));
    expect(m.getRegularizer(op('image'))).toBeNull();
    expect(row('dw1/depthwise')?.regularizationTerm).toBeCloseTo(coeff.dw1 * sumAbs(DW1), 1);
    expect(row('conv2/Conv2D')?.cost).toBe(coeff.conv2 * 3 * A.g2);
  });
});

describe('variant: no batch norm on the depthwise convs, no blacklist (docs/morphnet.md §10.3)', () => {
  // Without dw BN, conv2's group has conv2_bn as its only source; dw1 and the image form a
  // source-less group (counted at full width, not regularized).
  const A = { g1: count(alive(G1)), g2: count(alive(G2)), g3: count(alive(G3)) };
  const R = { g1: sumAbs(G1), g2: sumAbs(G2), g3: sumAbs(G3) };

  it('groups, alive counts and FLOP costs', () => {
    const { reg, m, op, group, row } = analyse(false);
    expect(group('dw1/depthwise')).toBe(group('image'));
    expect(group('dw1/depthwise')?.sources).toEqual([]);
    expect(m.getRegularizer(op('dw1/depthwise'))).toBeNull();
    expect(group('dw2/depthwise')).toBe(group('conv2_bn/FusedBatchNormV3'));
    expect(group('dw2/depthwise')?.sources.map((s) => s.op.name)).toEqual([
      'conv2_bn/FusedBatchNormV3',
    ]);
    expect(A).toEqual({ g1: 7, g2: 11, g3: 10 });
    const expected = {
      'dw1/depthwise': { cost: coeff.dw1 * 3, reg: 0 },
      'conv1/Conv2D': { cost: coeff.conv1 * 3 * A.g1, reg: coeff.conv1 * 3 * R.g1 },
      'conv2/Conv2D': { cost: coeff.conv2 * 3 * A.g2, reg: coeff.conv2 * 3 * R.g2 },
      'dw2/depthwise': { cost: coeff.dw2 * A.g2, reg: coeff.dw2 * 2 * R.g2 },
      'conv3/Conv2D': {
        cost: coeff.conv3 * (A.g1 + A.g2) * A.g3,
        reg: coeff.conv3 * ((A.g1 + A.g2) * R.g3 + A.g3 * (R.g1 + R.g2)),
      },
    };
    for (const [name, e] of Object.entries(expected)) {
      expect(row(name)?.cost).toBe(e.cost);
      expect(row(name)?.regularizationTerm).toBeCloseTo(e.reg, 0);
    }
    expect(reg.getCost()).toBe(Object.values(expected).reduce((s, e) => s + e.cost, 0));
  });
});
