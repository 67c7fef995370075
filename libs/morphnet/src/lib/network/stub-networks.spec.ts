import { describe, expect, it } from 'vitest';
import { flopFunction, type NetworkDescription } from '../../index';
import { Net } from '../../test/slim.fixture';
import {
  F,
  T,
  analyseWithStubs,
  count,
  maxOf,
  sum,
  vectors,
  type Stub,
} from '../../test/stub-sources';

// "conv" in docs/morphnet.md §10.5/§10.6 is a slim conv2d: conv with bias, then relu (no BN).
function conv(
  n: Net,
  name: string,
  input: string,
  filters: number,
  kernelSize: [number, number],
  strides = 1,
): string {
  n.add({ name, op: 'conv2d', inputs: [input], filters, kernelSize, strides });
  return n.add({ name: `${name}_relu`, op: 'relu', inputs: [name] });
}

const S = 17 * 19;
const close = (actual: readonly number[], expected: readonly number[]) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, 5));
};

describe('grouping through add and concat, stub sources, Max grouping (docs/morphnet.md §10.5)', () => {
  const STUBS: Record<string, Stub> = {
    conv1: { reg: [0.1, 0.3, 0.6, 0.2, 0.4, 0.0, 0.8], alive: [F, T, T, F, T, F, T] },
    conv2: { reg: [0.15, 0.25, 0.05, 0.55, 0.45], alive: [T, F, T, F, F] },
    conv3: { reg: [0.07, 0.27, 0.17, 0.37], alive: [F, F, T, T] },
    conv4: {
      reg: [0.07, 0.27, 0.17, 0.37, 0.28, 0.32, 0.12, 0.22, 0.19, 0.11, 0.02, 0.06],
      alive: [F, T, F, T, T, F, T, F, F, T, F, F],
    },
    conv5: { reg: [0.24, 0.34, 0.29], alive: [F, T, F] },
  };

  function addConcatNet(): NetworkDescription {
    const n = new Net({ name: 'image', shape: [17, 19, 3] });
    const c1 = conv(n, 'conv1', 'image', 7, [7, 5]);
    const c2 = conv(n, 'conv2', 'image', 5, [1, 1]);
    n.add({ name: 'concat', op: 'concat', inputs: [c1, c2] });
    const c3 = conv(n, 'conv3', 'concat', 4, [1, 1]);
    const c4 = conv(n, 'conv4', c3, 12, [3, 3]);
    n.add({ name: 'add', op: 'add', inputs: ['concat', c4] });
    return n.build([conv(n, 'conv5', 'add', 3, [3, 3], 2)]);
  }

  // By hand: the add ties concat channel i to conv4 channel i, and the concat ties its first
  // 7 channels to conv1 and its last 5 to conv2. So conv4 is cut into [7, 5]; each piece is
  // Max-grouped with conv1 / conv2. conv3 and conv5 stay alone.
  const c4a: Stub = { reg: STUBS.conv4!.reg.slice(0, 7), alive: STUBS.conv4!.alive.slice(0, 7) };
  const c4b: Stub = { reg: STUBS.conv4!.reg.slice(7), alive: STUBS.conv4!.alive.slice(7) };
  const g1 = maxOf(STUBS.conv1!, c4a); // reg [0.1,0.3,0.6,0.37,0.4,0.32,0.8], alive [F,T,T,T,T,F,T]
  const g2 = maxOf(STUBS.conv2!, c4b); // reg [0.22,0.25,0.11,0.55,0.45], alive [T,F,T,F,F]
  const g3 = STUBS.conv3!;
  const g5 = STUBS.conv5!;

  it('groups conv1 / conv2 with the matching pieces of concat, add and conv4', () => {
    const { manager, op } = analyseWithStubs(addConcatNet(), STUBS);
    const sizes = (name: string) => manager.getOpSlices(op(name)).map((s) => s.size);
    for (const name of [
      'concat/ConcatV2',
      'add/AddV2',
      'conv4/Conv2D',
      'conv4/BiasAdd',
      'conv4_relu/Relu',
    ])
      expect(sizes(name)).toEqual([7, 5]);
    for (const name of ['conv1/Conv2D', 'conv3/Conv2D', 'conv5/Conv2D'])
      expect(sizes(name)).toHaveLength(1);
    const group = (name: string, i = 0) => manager.getOpGroup(manager.getOpSlices(op(name))[i]!);
    expect(group('add/AddV2', 0)).toBe(group('conv1/Conv2D'));
    expect(group('conv4/Conv2D', 0)).toBe(group('conv1_relu/Relu'));
    expect(group('add/AddV2', 1)).toBe(group('conv2/Conv2D'));
    expect(group('conv4/Conv2D', 1)).toBe(group('conv2/Conv2D'));
    expect(group('conv1/Conv2D')).not.toBe(group('conv2/Conv2D'));
    expect(group('conv3/Conv2D')).not.toBe(group('conv4/Conv2D', 0));
    expect(group('conv1/Conv2D')?.sources.map((s) => `${s.op.name}:${s.start}+${s.size}`)).toEqual([
      'conv1/Conv2D:0+7',
      'conv4/Conv2D:0+7',
    ]);
    expect(group('conv2/Conv2D')?.sources.map((s) => `${s.op.name}:${s.start}+${s.size}`)).toEqual([
      'conv2/Conv2D:0+5',
      'conv4/Conv2D:7+5',
    ]);
  });

  it('every op carries the Max of its group: the add and conv4 concatenate the two groups', () => {
    const { manager, op } = analyseWithStubs(addConcatNet(), STUBS);
    const v = (name: string) => vectors(manager.getRegularizer(op(name)))!;
    for (const name of ['add/AddV2', 'concat/ConcatV2', 'conv4/Conv2D']) {
      close(v(name).reg, [0.1, 0.3, 0.6, 0.37, 0.4, 0.32, 0.8, 0.22, 0.25, 0.11, 0.55, 0.45]);
      expect(v(name).alive).toEqual([F, T, T, T, T, F, T, T, F, T, F, F]);
    }
    close(v('conv1_relu/Relu').reg, g1.reg);
    expect(v('conv1/Conv2D').alive).toEqual(g1.alive);
    close(v('conv2/BiasAdd').reg, g2.reg);
    expect(v('conv2/Conv2D').alive).toEqual(g2.alive);
    close(v('conv3/Conv2D').reg, g3.reg);
    expect(v('conv5_relu/Relu').alive).toEqual(g5.alive);
  });

  it('FLOP cost and regularization of every conv, by hand', () => {
    const { cost } = analyseWithStubs(addConcatNet(), STUBS);
    const calc = cost(flopFunction());
    const A = {
      g1: count(g1.alive),
      g2: count(g2.alive),
      g3: count(g3.alive),
      g5: count(g5.alive),
    };
    const R = { g1: sum(g1.reg), g2: sum(g2.reg), g3: sum(g3.reg), g5: sum(g5.reg) };
    expect([A.g1, A.g2, A.g3, A.g5]).toEqual([5, 2, 2, 1]);
    // 2·S_out·K per conv; conv5 (stride 2) outputs 9×10.
    const coeff = {
      conv1: 2 * S * 35,
      conv2: 2 * S,
      conv3: 2 * S,
      conv4: 2 * S * 9,
      conv5: 2 * 90 * 9,
    };
    const expected = {
      conv1: { cost: coeff.conv1 * 3 * A.g1, reg: coeff.conv1 * 3 * R.g1 },
      conv2: { cost: coeff.conv2 * 3 * A.g2, reg: coeff.conv2 * 3 * R.g2 },
      conv3: {
        cost: coeff.conv3 * (A.g1 + A.g2) * A.g3,
        reg: coeff.conv3 * ((A.g1 + A.g2) * R.g3 + A.g3 * (R.g1 + R.g2)),
      },
      conv4: {
        cost: coeff.conv4 * A.g3 * (A.g1 + A.g2),
        reg: coeff.conv4 * (A.g3 * (R.g1 + R.g2) + (A.g1 + A.g2) * R.g3),
      },
      conv5: {
        cost: coeff.conv5 * (A.g1 + A.g2) * A.g5,
        reg: coeff.conv5 * ((A.g1 + A.g2) * R.g5 + A.g5 * (R.g1 + R.g2)),
      },
    };
    expect(expected.conv1.cost).toBe(339150);
    const rows = calc.opCosts();
    for (const [name, e] of Object.entries(expected)) {
      const row = rows.find((r) => r.name === `${name}/Conv2D`);
      expect(row?.cost).toBe(e.cost);
      expect(row?.regularizationTerm).toBeCloseTo(e.reg, 1);
    }
    expect(calc.getCost()).toBe(sum(Object.values(expected).map((e) => e.cost)));
    const term = calc.getRegularizationTerm();
    expect(term.dataSync()[0]).toBeCloseTo(sum(Object.values(expected).map((e) => e.reg)), 0);
    term.dispose();
  });
});

describe('non-channel concat, stub regularizers (docs/morphnet.md §10.6)', () => {
  const STUBS: Record<string, Stub> = {
    conv1: { reg: [0.1, 0.3, 0.6], alive: [F, T, T] },
    conv2: { reg: [0.15, 0.25, 0.05], alive: [T, F, T] },
    conv3: { reg: [0.07, 0.17, 0.57, 0.37], alive: [F, F, T, T] },
    conv4: { reg: [0.06, 100.87, 0.17, 1.57], alive: [F, T, F, T] },
  };

  // Kernel sizes are not given in docs/morphnet.md §10.6; 1x1 convs are used (they do not affect
  // grouping).
  function nonChannelConcatNet(): NetworkDescription {
    const n = new Net({ name: 'image', shape: [17, 19, 3] });
    const c1 = conv(n, 'conv1', 'image', 3, [1, 1]);
    const c2 = conv(n, 'conv2', 'image', 3, [1, 1]);
    n.add({ name: 'concat1', op: 'concat', inputs: [c1, c2], axis: 1 });
    const c3 = conv(n, 'conv3', 'concat1', 4, [1, 1]);
    const c4 = conv(n, 'conv4', c3, 4, [1, 1]);
    return n.build([n.add({ name: 'concat2', op: 'concat', inputs: [c4, c3], axis: 2 })]);
  }

  // By hand: a concat along H or W shares channels, so its inputs are grouped channel-wise.
  const g12 = maxOf(STUBS.conv1!, STUBS.conv2!); // reg [0.15,0.3,0.6], alive [T,T,T]
  const g34 = maxOf(STUBS.conv3!, STUBS.conv4!); // reg [0.07,100.87,0.57,1.57], alive [F,T,T,T]

  it('groups the inputs of each concat channel by channel', () => {
    const { manager, op } = analyseWithStubs(nonChannelConcatNet(), STUBS);
    const group = (name: string) => manager.getOpGroup(manager.getOpSlices(op(name))[0]!);
    expect(group('conv1/Conv2D')).toBe(group('conv2/Conv2D'));
    expect(group('concat1/ConcatV2')).toBe(group('conv1/Conv2D'));
    expect(group('conv3/Conv2D')).toBe(group('conv4/Conv2D'));
    expect(group('concat2/ConcatV2')).toBe(group('conv3/Conv2D'));
    expect(group('conv1/Conv2D')).not.toBe(group('conv3/Conv2D'));
    for (const name of ['concat1/ConcatV2', 'concat2/ConcatV2'])
      expect(manager.getOpSlices(op(name))).toHaveLength(1);
    const v = (name: string) => vectors(manager.getRegularizer(op(name)))!;
    close(v('concat1/ConcatV2').reg, g12.reg);
    expect(v('conv2_relu/Relu').alive).toEqual(g12.alive);
    close(v('concat2/ConcatV2').reg, g34.reg);
    expect(v('conv3/Conv2D').alive).toEqual(g34.alive);
  });

  it('FLOP costs use the concatenated spatial size and the shared alive counts', () => {
    const calc = analyseWithStubs(nonChannelConcatNet(), STUBS).cost(flopFunction());
    // concat1 stacks two 17×19 maps along H: conv3 and conv4 run on 34×19.
    const coeffImage = 2 * S;
    const coeffStacked = 2 * 34 * 19;
    const [A12, A34, R12, R34] = [count(g12.alive), count(g34.alive), sum(g12.reg), sum(g34.reg)];
    expect([A12, A34]).toEqual([3, 3]);
    const expected = {
      conv1: { cost: coeffImage * 3 * A12, reg: coeffImage * 3 * R12 },
      conv2: { cost: coeffImage * 3 * A12, reg: coeffImage * 3 * R12 },
      conv3: { cost: coeffStacked * A12 * A34, reg: coeffStacked * (A12 * R34 + A34 * R12) },
      conv4: { cost: coeffStacked * A34 * A34, reg: coeffStacked * (A34 * R34 + A34 * R34) },
    };
    const rows = calc.opCosts();
    for (const [name, e] of Object.entries(expected)) {
      const row = rows.find((r) => r.name === `${name}/Conv2D`);
      expect(row?.cost).toBe(e.cost);
      expect(row?.regularizationTerm).toBeCloseTo(e.reg, 0);
    }
    expect(calc.getCost()).toBe(5814 + 5814 + 11628 + 11628);
  });
});

describe('getRegularizer (docs/morphnet.md §3.6)', () => {
  // A 10-channel concat of inputs of 1, 2, 3 and 4 channels is sliced [1, 2, 3, 4], each
  // slice grouped with its input. The 3rd input is the image: its slice has no regularizer.
  // Stub values are the channel index + 3, as in the reference example.
  const STUBS: Record<string, Stub> = {
    a: { reg: [3], alive: [F] },
    b: { reg: [4, 5], alive: [T, F] },
    d: { reg: [9, 10, 11, 12], alive: [T, T, F, T] },
  };

  function slicedNet(): NetworkDescription {
    const n = new Net({ name: 'image', shape: [4, 4, 3] });
    n.add({ name: 'a', op: 'conv2d', inputs: ['image'], filters: 1, kernelSize: 1 });
    n.add({ name: 'b', op: 'conv2d', inputs: ['image'], filters: 2, kernelSize: 1 });
    n.add({ name: 'd', op: 'conv2d', inputs: ['image'], filters: 4, kernelSize: 1 });
    n.add({ name: 'cat', op: 'concat', inputs: ['a', 'b', 'image', 'd'] });
    return n.build([n.add({ name: 'out', op: 'relu', inputs: ['cat'] })]);
  }

  it('fills unregularized slices with constant regularizers and concatenates in order', () => {
    const { manager, op } = analyseWithStubs(slicedNet(), STUBS);
    expect(manager.getOpSlices(op('out/Relu')).map((s) => s.size)).toEqual([1, 2, 3, 4]);
    for (const name of ['cat/ConcatV2', 'out/Relu']) {
      const v = vectors(manager.getRegularizer(op(name)))!;
      expect(v.reg).toEqual([3, 4, 5, 0, 0, 0, 9, 10, 11, 12]);
      expect(v.alive).toEqual([F, T, F, T, T, T, T, T, F, T]);
    }
  });

  it('is null when no slice has a regularizer, and the slice regularizer itself for one slice', () => {
    const { manager, op } = analyseWithStubs(slicedNet(), STUBS);
    expect(manager.getRegularizer(op('image'))).toBeNull();
    const d = manager.getRegularizer(op('d/BiasAdd'));
    expect(d?.size).toBe(4);
    expect(vectors(d)?.reg).toEqual([9, 10, 11, 12]);
  });
});
