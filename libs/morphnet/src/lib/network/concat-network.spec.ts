import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { buildModel, createNetworkRegularizer, type NetworkDescription } from '../../index';
import { Net, fill } from '../../test/slim.fixture';

// docs/morphnet.md §10.1: two heads on a channel concat, Gamma regularizers, threshold 0.45.
const G1 = [...fill(0.8, 7), ...fill(0.2, 6)];
const G2 = [...fill(-0.7, 11), ...fill(0.1, 12)];
const G3 = [...fill(0.6, 10), ...fill(-0.3, 19)];
const G4 = [...fill(-0.5, 17), ...fill(-0.4, 14)];

function concatNet(): NetworkDescription {
  const n = new Net({ name: 'image', shape: [17, 19, 3] });
  const c1 = n.slim('conv1', 'image', 13, [7, 5], G1);
  const c2 = n.slim('conv2', 'image', 23, [1, 1], G2);
  const cat = n.add({ name: 'concat', op: 'concat', inputs: [c1, c2] });
  const c3 = n.slim('conv3', cat, 29, [3, 3], G3, 2);
  const c4 = n.slim('conv4', cat, 31, [1, 1], G4);
  return n.build([c3, c4]);
}

// Expectations from the docs/morphnet.md §6 formulas, by hand: alive = |γ| > 0.45, R = Σ|γ|.
const alive = (g: number[]) => g.filter((v) => Math.abs(v) > 0.45).length;
const sumAbs = (g: number[]) => g.reduce((s, v) => s + Math.abs(v), 0);
const S = 17 * 19;
const catAlive = alive(G1) + alive(G2);
const catReg = sumAbs(G1) + sumAbs(G2);
const coeff = { conv1: 2 * S * 35, conv2: 2 * S, conv3: 2 * (9 * 10) * 9, conv4: 2 * S };
const flops = {
  conv1: coeff.conv1 * 3 * alive(G1),
  conv2: coeff.conv2 * 3 * alive(G2),
  conv3: coeff.conv3 * catAlive * alive(G3),
  conv4: coeff.conv4 * catAlive * alive(G4),
};
const flopReg = {
  conv1: coeff.conv1 * 3 * sumAbs(G1),
  conv2: coeff.conv2 * 3 * sumAbs(G2),
  conv3: coeff.conv3 * (catAlive * sumAbs(G3) + alive(G3) * catReg),
  conv4: coeff.conv4 * (catAlive * sumAbs(G4) + alive(G4) * catReg),
};

function regularizer(
  resource: 'flops' | 'model-size' | 'activations' | 'latency',
  extra: object = {},
) {
  const model = buildModel(concatNet(), { seed: 1 });
  const reg = createNetworkRegularizer({
    graph: model.graph(),
    tensors: model,
    family: 'gamma',
    resource,
    threshold: 0.45,
    ...extra,
  });
  return { model, reg };
}

const opCost = (reg: ReturnType<typeof regularizer>['reg'], name: string) =>
  reg.opCosts().find((o) => o.name === name);

describe('concat with two heads, Gamma (docs/morphnet.md §10.1)', () => {
  it('FLOP cost and regularization of every conv and in total', () => {
    const { reg } = regularizer('flops');
    for (const conv of ['conv1', 'conv2', 'conv3', 'conv4'] as const) {
      const row = opCost(reg, `${conv}/Conv2D`);
      expect(row?.cost).toBe(flops[conv]);
      expect(row?.regularizationTerm).toBeCloseTo(flopReg[conv], 0);
    }
    const total = Object.values(flops).reduce((a, b) => a + b, 0);
    expect(reg.getCost()).toBe(total);
    expect(total).toBe(474810 + 21318 + 291600 + 197676);
    expect(reg.getRegularizationTerm().dataSync()[0]).toBeCloseTo(
      Object.values(flopReg).reduce((a, b) => a + b, 0),
      -1,
    );
  });

  it('model size and activation counts', () => {
    const size = regularizer('model-size').reg;
    expect(size.getCost()).toBe(
      35 * 3 * alive(G1) + 3 * alive(G2) + 9 * catAlive * alive(G3) + catAlive * alive(G4),
    );
    const act = regularizer('activations').reg;
    expect(act.getCost()).toBe(alive(G1) + alive(G2) + alive(G3) + alive(G4));
    expect(act.getRegularizationTerm().dataSync()[0]).toBeCloseTo(
      sumAbs(G1) + sumAbs(G2) + sumAbs(G3) + sumAbs(G4),
      3,
    );
  });

  it('latency on P100 and V100 sums the roofline of every op, BN, relu and concat included', () => {
    for (const [hw, peak, bw] of [
      ['P100', 9300, 732],
      ['V100', 125000, 900],
    ] as const) {
      const { reg } = regularizer('latency', { hardware: hw });
      const memory = (sIn: number, aIn: number, weights: number, sOut: number, aOut: number) =>
        4 * (sIn * aIn + weights * aIn * aOut + sOut * aOut);
      const conv = (f: number, sIn: number, aIn: number, k: number, sOut: number, aOut: number) =>
        Math.max(f / peak, memory(sIn, aIn, k, sOut, aOut) / bw);
      const elementwise = (s: number, a: number) => (4 * (s * a + s * a)) / bw;
      const expected =
        conv(flops.conv1, S, 3, 35, S, alive(G1)) +
        conv(flops.conv2, S, 3, 1, S, alive(G2)) +
        conv(flops.conv3, S, catAlive, 9, 90, alive(G3)) +
        conv(flops.conv4, S, catAlive, 1, S, alive(G4)) +
        2 *
          (elementwise(S, alive(G1)) +
            elementwise(S, alive(G2)) +
            elementwise(90, alive(G3)) +
            elementwise(S, alive(G4))) +
        elementwise(S, catAlive);
      expect(reg.getCost()).toBeCloseTo(expected, 6);
      expect(reg.costName).toBe(`${hw} Latency`);
    }
  });

  it('groups concat slices with their inputs, not the two inputs with each other', () => {
    const { model, reg } = regularizer('flops');
    const graph = model.graph();
    const m = reg.manager;
    const bn = (n: string) => m.getOpSlices(graph.find(`${n}/FusedBatchNormV3`)!)[0]!;
    const concatSlices = m.getOpSlices(graph.find('concat/ConcatV2')!);
    expect(concatSlices.map((s) => s.size)).toEqual([13, 23]);
    expect(m.getOpGroup(concatSlices[0]!)).toBe(m.getOpGroup(bn('conv1_bn')));
    expect(m.getOpGroup(concatSlices[1]!)).toBe(m.getOpGroup(bn('conv2_bn')));
    expect(m.getOpGroup(bn('conv1_bn'))).not.toBe(m.getOpGroup(bn('conv2_bn')));
  });

  it('an input boundary at the concat leaves only the heads as sources', () => {
    const { reg } = regularizer('flops', { inputBoundary: ['concat'] });
    const names = reg.manager.ops.map((o) => o.name);
    expect(names).not.toContain('conv1_bn/FusedBatchNormV3');
    expect(names).toContain('conv3_bn/FusedBatchNormV3');
    // conv3's input is now unregularized: A_in is the static 36 channels.
    expect(opCost(reg, 'conv3/Conv2D')?.cost).toBe(coeff.conv3 * 36 * alive(G3));
  });

  // docs/morphnet.md §3.2: an input-boundary op is not analysed and its inputs are not followed;
  // ops downstream of it still are. Which BN ops stay sources and the FLOP total, by hand.
  const BN = (i: number) => `conv${i}_bn/FusedBatchNormV3`;
  it.each([
    {
      boundary: [],
      sources: [1, 2, 3, 4],
      cost: flops.conv1 + flops.conv2 + flops.conv3 + flops.conv4,
    },
    // The image had no regularizer anyway: nothing changes.
    {
      boundary: ['image'],
      sources: [1, 2, 3, 4],
      cost: flops.conv1 + flops.conv2 + flops.conv3 + flops.conv4,
    },
    // The first convs are cut out, but their BNs are downstream of them and stay sources.
    { boundary: ['conv1', 'conv2'], sources: [1, 2, 3, 4], cost: flops.conv3 + flops.conv4 },
    // Boundary at the head convs: only their BN/relu remain, no FLOP op is analysed.
    { boundary: ['conv3', 'conv4'], sources: [3, 4], cost: 0 },
  ])('input boundary $boundary: sources $sources', ({ boundary, sources, cost }) => {
    const { reg } = regularizer('flops', boundary.length > 0 ? { inputBoundary: boundary } : {});
    const analysed = reg.manager.ops.map((o) => o.name);
    expect(analysed.filter((n) => n.endsWith('/FusedBatchNormV3')).sort()).toEqual(sources.map(BN));
    for (const i of sources)
      expect(
        reg.manager.getRegularizer(reg.manager.ops.find((o) => o.name === BN(i))!),
      ).not.toBeNull();
    for (const b of boundary)
      expect(analysed).not.toContain(
        b === 'image' ? 'image' : `${b}/${b.endsWith('relu') ? 'Relu' : 'Conv2D'}`,
      );
    expect(reg.getCost()).toBe(cost);
  });

  it('a boundary between a channel concat and its inputs is a grouping error, as in the reference', () => {
    // docs/morphnet.md §4.7/§3.4: the concat aligns its own [36] with its analysed inputs laid end
    // to end; with an input behind the boundary the totals differ and getAlignedSizes fails.
    for (const boundary of [['conv1_relu', 'conv2_relu'], ['conv1_relu']]) {
      expect(() => regularizer('flops', { inputBoundary: boundary })).toThrow(
        expect.objectContaining({
          code: 'GROUPING_FAILED',
          message: expect.stringMatching(/concat\/ConcatV2.*input boundary/),
        }),
      );
    }
  });

  it('the regularization gradient matches finite differences and reaches only gammas', () => {
    const { model, reg } = regularizer('flops');
    const gamma2 = model.variables.get('conv2_bn/gamma')!;
    const kernel = model.variables.get('conv1/kernel')!;
    const { grads } = tf.variableGrads(() => reg.getRegularizationTerm(), [gamma2, kernel]);
    const analytic = grads[gamma2.name]!;
    const eps = 1e-2;
    const values = Array.from(gamma2.dataSync());
    for (const i of [0, 11]) {
      const at = (d: number) => {
        const v = [...values];
        v[i] = (v[i] as number) + d;
        gamma2.assign(tf.tensor1d(v));
        return reg.getRegularizationTerm().dataSync()[0] as number;
      };
      const numeric = (at(eps) - at(-eps)) / (2 * eps);
      gamma2.assign(tf.tensor1d(values));
      // d/dγ2 = sign(γ2)·(coeff.conv2·3 + coeff.conv3·alive3 + coeff.conv4·alive4) via the concat input.
      const expected =
        Math.sign(values[i] as number) *
        (coeff.conv2 * 3 + coeff.conv3 * alive(G3) + coeff.conv4 * alive(G4));
      expect(numeric / expected).toBeCloseTo(1, 2);
      expect((analytic.dataSync()[i] as number) / expected).toBeCloseTo(1, 4);
    }
    // Gamma regularization never reaches conv weights.
    const kernelGrad = grads[kernel.name];
    expect(
      kernelGrad === undefined || Math.max(...Array.from(kernelGrad.dataSync(), Math.abs)) === 0,
    ).toBe(true);
  });
});
