import { describe, expect, it } from 'vitest';
import {
  MorphnetError,
  buildModel,
  createNetworkRegularizer,
  type NetworkDescription,
  type OpSlice,
} from '../../index';
import { Net } from '../../test/slim.fixture';

function analyse(net: NetworkDescription, extra: object = {}) {
  const model = buildModel(net);
  const graph = model.graph();
  const reg = createNetworkRegularizer({
    graph,
    tensors: model,
    family: 'gamma',
    resource: 'flops',
    threshold: 0.1,
    ...extra,
  });
  const m = reg.manager;
  const slices = (op: string): readonly OpSlice[] => m.getOpSlices(graph.find(op)!);
  const group = (op: string, i = 0) => m.getOpGroup(slices(op)[i]!);
  return { reg, m, graph, slices, group };
}

const code = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return (e as MorphnetError).code;
  }
  return 'none';
};

describe('grouping patterns (docs/morphnet.md §4.11, §10.11)', () => {
  it('cascaded residual adds put every branch in one group with all BN sources', () => {
    const n = new Net({ name: 'image', shape: [5, 5, 3] });
    const a = n.slim('a', 'image', 4, [1, 1]);
    const b = n.slim('b', 'image', 4, [1, 1]);
    const c = n.slim('c', 'image', 4, [1, 1]);
    n.add({ name: 'add1', op: 'add', inputs: [a, b] });
    n.add({ name: 'add2', op: 'add', inputs: ['add1', c] });
    const { group } = analyse(n.build(['add2']));
    const g = group('add2/AddV2');
    for (const op of ['a/Conv2D', 'b_bn/FusedBatchNormV3', 'c_relu/Relu', 'add1/AddV2'])
      expect(group(op)).toBe(g);
    expect(g?.sources.map((s) => s.op.name).sort()).toEqual([
      'a_bn/FusedBatchNormV3',
      'b_bn/FusedBatchNormV3',
      'c_bn/FusedBatchNormV3',
    ]);
  });

  it('a ResNet shortcut and both units share one residual group', () => {
    const n = new Net({ name: 'image', shape: [8, 8, 3] });
    const stem = n.slim('stem', 'image', 8, [3, 3]);
    const u1 = n.slim('u1_conv1', stem, 4, [1, 1]);
    n.add({
      name: 'u1_conv3',
      op: 'conv2d',
      inputs: [u1],
      filters: 8,
      kernelSize: 1,
      useBias: false,
    });
    n.add({ name: 'u1_bn3', op: 'batchNorm', inputs: ['u1_conv3'] });
    n.add({ name: 'u1_add', op: 'add', inputs: ['u1_bn3', stem] });
    const u2 = n.slim('u2_conv1', 'u1_add', 4, [1, 1]);
    n.add({
      name: 'u2_conv3',
      op: 'conv2d',
      inputs: [u2],
      filters: 8,
      kernelSize: 1,
      useBias: false,
    });
    n.add({ name: 'u2_bn3', op: 'batchNorm', inputs: ['u2_conv3'] });
    n.add({ name: 'u2_add', op: 'add', inputs: ['u2_bn3', 'u1_add'] });
    n.add({ name: 'gap', op: 'globalAvgPool', inputs: ['u2_add'] });
    n.add({ name: 'fc', op: 'dense', inputs: ['gap'], units: 3 });
    const { group } = analyse(n.build(['fc']));
    expect(group('u1_conv3/Conv2D')).toBe(group('stem/Conv2D'));
    expect(group('u2_conv3/Conv2D')).toBe(group('stem/Conv2D'));
    expect(group('gap/Mean')).toBe(group('stem/Conv2D'));
    expect(group('u1_conv1/Conv2D')).not.toBe(group('stem/Conv2D'));
  });

  it('depthwise M=2 groups output channel k with input channel ⌊k/2⌋; M=1 shares the group', () => {
    const n = new Net({ name: 'image', shape: [5, 5, 3] });
    const c = n.slim('c', 'image', 3, [1, 1]);
    n.add({
      name: 'dw',
      op: 'depthwiseConv2d',
      inputs: [c],
      kernelSize: 3,
      depthMultiplier: 2,
      useBias: false,
    });
    n.add({ name: 'dw_bn', op: 'batchNorm', inputs: ['dw'] });
    n.add({ name: 'dw1', op: 'depthwiseConv2d', inputs: ['dw_bn'], kernelSize: 3, useBias: false });
    const { slices, group } = analyse(n.build(['dw1']));
    expect(slices('dw/depthwise').map((s) => s.size)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(slices('c_bn/FusedBatchNormV3').map((s) => s.size)).toEqual([1, 1, 1]);
    for (let k = 0; k < 6; k++) {
      expect(group('dw/depthwise', k)?.members).toContain(
        slices('c_bn/FusedBatchNormV3')[Math.floor(k / 2)],
      );
      expect(group('dw1/depthwise', k)).toBe(group('dw_bn/FusedBatchNormV3', k));
    }
  });

  it('element-wise ops of two 5-channel convs OR their alive vectors (Max grouping)', () => {
    const n = new Net({ name: 'image', shape: [4, 4, 2] });
    const a = n.slim('a', 'image', 5, [1, 1], [1, 0, 0, 1, 0]);
    const b = n.slim('b', 'image', 5, [1, 1], [0, 1, 0, 1, 0]);
    n.add({ name: 'm', op: 'multiply', inputs: [a, b] });
    const { reg, graph } = analyse(n.build(['m']));
    const alive = reg.manager.getRegularizer(graph.find('m/Mul')!)!.aliveVector().dataSync();
    expect(Array.from(alive)).toEqual([1, 1, 0, 1, 0]);
  });

  it('force-group, blacklist, iteration limit and reachability', () => {
    const n = new Net({ name: 'image', shape: [4, 4, 2] });
    const a = n.slim('a', 'image', 5, [1, 1]);
    const b = n.slim('b', 'image', 5, [1, 1]);
    const c = n.slim('c', 'image', 6, [1, 1]);
    n.slim('unused', 'image', 5, [1, 1]);
    n.add({ name: 'cat', op: 'concat', inputs: [a, b, c] });
    const net = n.build(['cat']);
    const forced = analyse(net, { forceGroup: ['^[ab]_bn/'] });
    expect(forced.group('a/Conv2D')).toBe(forced.group('b/Conv2D'));
    expect(analyse(net).group('a/Conv2D')).not.toBe(analyse(net).group('b/Conv2D'));
    expect(code(() => analyse(net, { forceGroup: ['^[ac]_bn/'] }))).toBe('GROUPING_FAILED');
    expect(code(() => analyse(net, { forceGroup: ['cat/ConcatV2'] }))).toBe('GROUPING_FAILED');
    expect(code(() => analyse(net, { forceGroup: ['nothing'] }))).toBe('PATTERN_UNUSED');
    expect(code(() => analyse(net, { regularizerBlacklist: ['nothing'] }))).toBe('PATTERN_UNUSED');
    const blacklisted = analyse(net, { regularizerBlacklist: ['^a_'] });
    expect(blacklisted.reg.manager.getRegularizer(blacklisted.graph.find('a/Conv2D')!)).toBeNull();
    expect(
      blacklisted.reg.manager.getRegularizer(blacklisted.graph.find('b/Conv2D')!),
    ).not.toBeNull();
    expect(code(() => analyse(net, { iterationLimit: 0 }))).toBe('ITERATION_LIMIT');
    expect(analyse(net).reg.manager.ops.map((o) => o.name)).not.toContain('unused/Conv2D');
  });

  it('sliceOp splits every member of a group alike (testSliceOp_MultipleSlices)', () => {
    const n = new Net({ name: 'image', shape: [2, 2, 1] });
    n.slim('c', 'image', 20, [1, 1]);
    n.add({ name: 'r2', op: 'relu', inputs: ['c_relu'] });
    const { m, graph, slices, group } = analyse(n.build(['r2']));
    const bn = graph.find('c_bn/FusedBatchNormV3')!;
    m.sliceOp(bn, [4, 3, 7, 6]);
    m.sliceOp(bn, [4, 1, 2, 3, 4, 6]);
    for (const op of ['c/Conv2D', 'c_relu/Relu', 'r2/Relu'])
      expect(slices(op).map((s) => s.size)).toEqual([4, 1, 2, 3, 4, 6]);
    for (let i = 0; i < 6; i++) expect(group('r2/Relu', i)).toBe(group('c/Conv2D', i));
    expect(group('c/Conv2D', 1)?.sources).toEqual([slices('c_bn/FusedBatchNormV3')[1]]);
    expect(code(() => m.sliceOp(bn, [10, 10]))).toBe('GROUPING_FAILED');
  });
});
