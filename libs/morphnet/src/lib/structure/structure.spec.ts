import { describe, expect, it } from 'vitest';
import {
  StructureExporter,
  aliveCountsPath,
  applyStructure,
  buildModel,
  exportedWidths,
  createNetworkRegularizer,
  flopFunction,
  formatAliveCounts,
  fullWidthCost,
  removeCommonPrefix,
  scaleWidths,
  vanishedLayers,
  widthMultiplierForCost,
  zooNetwork,
} from '../../index';
import { Net } from '../../test/slim.fixture';

describe('structure export (docs/morphnet.md §8.1, §10.10)', () => {
  it.each([
    [[], []],
    [
      ['', ''],
      ['', ''],
    ],
    [
      ['a', 'a'],
      ['a', 'a'],
    ],
    [
      ['/', '/'],
      ['', ''],
    ],
    [
      ['/x', '/x'],
      ['x', 'x'],
    ],
    [
      ['a/x', 'a/x'],
      ['x', 'x'],
    ],
    [
      ['abc/', 'abc/', 'abc/'],
      ['', '', ''],
    ],
    [
      ['abc/x', 'abc/x', 'abd/x'],
      ['abc/x', 'abc/x', 'abd/x'],
    ],
    [
      ['abc/x', 'abc/y', 'abc/z'],
      ['x', 'y', 'z'],
    ],
    [
      ['abc/x/', 'abc/y', 'abc/z/'],
      ['x/', 'y', 'z/'],
    ],
  ])('removeCommonPrefix(%j)', (names, expected) => {
    expect(removeCommonPrefix(names)).toEqual(expected);
  });

  it('formats counts like json.dumps(indent=2, sort_keys=True) at learned_structure/alive_<step>', () => {
    const counts = {
      'X/c2/Conv2D': 0,
      'X/c1/Conv2D': 3,
      'X/c4/Conv3D': 1,
      'X/c3/conv2d_transpose': 5,
    };
    expect(formatAliveCounts(counts)).toBe(
      '{\n  "X/c1/Conv2D": 3,\n  "X/c2/Conv2D": 0,\n  "X/c3/conv2d_transpose": 5,\n  "X/c4/Conv3D": 1\n}',
    );
    expect(formatAliveCounts({})).toBe('{}');
    expect(aliveCountsPath('/tmp/run/', 19)).toBe('/tmp/run/learned_structure/alive_19');
  });

  it('exports alive counts of Conv2D / transposed conv only and applies them back', () => {
    const n = new Net({ name: 'image', shape: [8, 8, 3] });
    const c1 = n.slim('c1', 'image', 3, [3, 3], [1, 1, 1]);
    const c2 = n.slim('c2', c1, 4, [3, 3], [0, 0, 0, 0.5]);
    n.add({
      name: 'up',
      op: 'conv2dTranspose',
      inputs: [c2],
      filters: 5,
      kernelSize: 2,
      strides: 2,
      useBias: false,
    });
    n.add({ name: 'up_bn', op: 'batchNorm', inputs: ['up'], gamma: [1, 0, 1, 0, 1] });
    n.add({ name: 'gap', op: 'globalAvgPool', inputs: ['up_bn'] });
    n.add({ name: 'fc', op: 'dense', inputs: ['gap'], units: 2 });
    n.add({ name: 'fc_bn', op: 'batchNorm', inputs: ['fc'], gamma: [0, 0] });
    const net = n.build(['fc_bn']);
    const model = buildModel(net);
    const reg = createNetworkRegularizer({
      graph: model.graph(),
      tensors: model,
      family: 'gamma',
      resource: 'flops',
      threshold: 0.1,
    });
    const exporter = new StructureExporter(reg.manager);
    expect(() => exporter.getAliveCounts()).toThrow(/populated/);
    exporter.evaluate();
    const counts = exporter.getAliveCounts();
    expect(counts).toEqual({ 'c1/Conv2D': 3, 'c2/Conv2D': 1, 'up/conv2d_transpose': 3 });
    // The seed's widths use the same keys, so counts compare to them layer by layer.
    expect(exportedWidths(net)).toEqual({
      'c1/Conv2D': 3,
      'c2/Conv2D': 4,
      'up/conv2d_transpose': 5,
    });
    expect(() => exporter.populateTensorValues(new Map([['c1/Conv2D', [true]]]))).toThrow(
      /exactly/,
    );

    const slim = applyStructure(net, counts);
    const width = (name: string) =>
      (slim.layers.find((l) => l.name === name) as { filters: number }).filters;
    expect([width('c1'), width('c2'), width('up')]).toEqual([3, 1, 3]);
    expect(slim.layers.find((l) => l.name === 'c2_bn')).not.toHaveProperty('gamma');
    expect(slim.layers.find((l) => l.name === 'fc')).toMatchObject({ units: 2 });
    expect(() => applyStructure(net, { 'c1/Conv2D': 3 }, { fallback: 'strict' })).toThrow(
      /c2\/Conv2D/,
    );
    expect(
      (applyStructure(net, {}, { fallback: 'zero' }).layers[0] as { filters: number }).filters,
    ).toBe(1);
  });
});

describe('applying a structure with a zero-width layer (docs/morphnet.md §8.2)', () => {
  it('keeps one channel where the reference would make the layer VANISHED, and reports it', () => {
    const n = new Net({ name: 'image', shape: [8, 8, 3] });
    const c1 = n.slim('c1', 'image', 3, [3, 3], [1, 1, 1]);
    const c2 = n.slim('c2', c1, 4, [3, 3], [0, 0, 0, 0]);
    n.add({ name: 'gap', op: 'globalAvgPool', inputs: [c2] });
    const net = n.build([n.add({ name: 'fc', op: 'dense', inputs: ['gap'], units: 2 })]);
    const model = buildModel(net);
    const reg = createNetworkRegularizer({
      graph: model.graph(),
      tensors: model,
      family: 'gamma',
      resource: 'flops',
      threshold: 0.1,
    });
    const exporter = new StructureExporter(reg.manager);
    exporter.evaluate();
    const counts = exporter.getAliveCounts();
    expect(counts).toEqual({ 'c1/Conv2D': 3, 'c2/Conv2D': 0 });
    // MorphNet itself costs c2 (and the logits) at 0 alive channels: 2·64·9·3·3 FLOPs for c1.
    expect(reg.getCost()).toBe(2 * 64 * 9 * 3 * 3);

    const slim = applyStructure(net, counts);
    const width = (name: string) =>
      (slim.layers.find((l) => l.name === name) as { filters: number }).filters;
    expect([width('c1'), width('c2')]).toEqual([3, 1]);
    expect(vanishedLayers(net, counts)).toEqual(['c2']);
    // The topology is kept, so the network still reaches its logits: c1, c2 (1 channel) and
    // the 1→2 MatMul, by hand.
    expect(slim.layers.map((l) => l.name)).toEqual(net.layers.map((l) => l.name));
    expect(fullWidthCost(slim, flopFunction())).toBe(
      2 * 64 * 9 * 3 * 3 + 2 * 64 * 9 * 3 * 1 + 2 * 1 * 2,
    );
    // The 'zero' fallback vanishes every missing layer the same way.
    expect(vanishedLayers(net, {}, { fallback: 'zero' })).toEqual(['c1', 'c2']);
    expect(vanishedLayers(net, {})).toEqual([]);
  });
});

describe('width multipliers', () => {
  it('scales exported widths and finds the multiplier for a target cost', () => {
    const net = zooNetwork('fmnist-cnn');
    const half = scaleWidths(net, 0.5);
    expect(
      half.layers.filter((l) => l.op === 'conv2d').map((l) => (l as { filters: number }).filters),
    ).toEqual([4, 8, 16]);
    const full = fullWidthCost(net, flopFunction());
    // 2·S·K·in·out per conv plus the logits MatMul 2·32·10 (by hand).
    expect(full).toBe(
      2 * 196 * 9 * 1 * 8 + 2 * 196 * 9 * 8 * 16 + 2 * 49 * 9 * 16 * 32 + 2 * 32 * 10,
    );
    const { multiplier, cost } = widthMultiplierForCost(net, full / 4, flopFunction());
    expect(cost).toBeLessThanOrEqual(full / 4);
    // Conv FLOPs grow ~quadratically with a uniform multiplier.
    expect(multiplier).toBeGreaterThan(0.4);
    expect(multiplier).toBeLessThan(0.6);
  });
});
