import { describe, expect, it } from 'vitest';
import {
  buildModel,
  createNetworkRegularizer,
  zooNetwork,
  type ManagerDiagnostic,
  type NetworkDescription,
} from '../../index';
import { Net } from '../../test/slim.fixture';

function analyse(net: NetworkDescription) {
  const model = buildModel(net);
  const graph = model.graph();
  const emitted: ManagerDiagnostic[] = [];
  const reg = createNetworkRegularizer({
    graph,
    tensors: model,
    family: 'gamma',
    resource: 'flops',
    threshold: 0.1,
    onDiagnostic: (d) => emitted.push(d),
  });
  const group = (name: string) =>
    reg.manager.getOpGroup(reg.manager.getOpSlices(graph.find(name)!)[0]!);
  return { reg, emitted, group };
}

describe('potential over-regularization diagnostics (docs/morphnet.md §3.7)', () => {
  it('a batch norm on an already-normalized tensor joins a group that has another source', () => {
    // b2 is a source with a group of its own when it meets its input a_relu, which is already
    // grouped with the source a_bn: both sides carry (different) sources.
    const n = new Net({ name: 'image', shape: [4, 4, 2] });
    const a = n.slim('a', 'image', 3, [1, 1]);
    n.add({ name: 'b2', op: 'batchNorm', inputs: [a] });
    const { reg, emitted, group } = analyse(n.build(['b2']));
    expect(reg.manager.diagnostics).toEqual([
      {
        code: 'POTENTIAL_OVER_REGULARIZATION',
        op: 'b2/FusedBatchNormV3',
        start: 0,
        size: 3,
        opSources: ['b2/FusedBatchNormV3'],
        inputSources: ['a_bn/FusedBatchNormV3'],
        message: expect.stringMatching(
          /^potential over-regularization near b2\/FusedBatchNormV3 \[0, 3\)/,
        ),
      },
    ]);
    expect(emitted).toEqual(reg.manager.diagnostics);
    // Only reported: the grouping is unchanged (one group, both sources).
    expect(group('b2/FusedBatchNormV3')).toBe(group('a/Conv2D'));
    expect(
      group('a/Conv2D')
        ?.sources.map((s) => s.op.name)
        .sort(),
    ).toEqual(['a_bn/FusedBatchNormV3', 'b2/FusedBatchNormV3']);
  });

  it('is silent for conv → BN chains and residual adds (the add starts ungrouped)', () => {
    const n = new Net({ name: 'image', shape: [4, 4, 2] });
    const a = n.slim('a', 'image', 3, [1, 1]);
    const b = n.slim('b', a, 3, [1, 1]);
    n.add({ name: 'add', op: 'add', inputs: [a, b] });
    const { reg, emitted, group } = analyse(n.build(['add']));
    expect(group('add/AddV2')?.sources).toHaveLength(2);
    expect(reg.manager.diagnostics).toEqual([]);
    expect(emitted).toEqual([]);
    expect(analyse(zooNetwork('fmnist-cnn')).reg.manager.diagnostics).toEqual([]);
  });

  it('flags each depthwise BN of the mobilenet zoo network, merged with the BN before it', () => {
    // Depthwise (M = 1) convs share channels with their input, so each dw BN meets the group
    // of the previous pointwise (or stem) BN.
    const { reg } = analyse(zooNetwork('fmnist-mobilenet'));
    expect(reg.manager.diagnostics.map((d) => [d.op, d.opSources, d.inputSources, d.size])).toEqual(
      [
        [
          'block1_dw_bn/FusedBatchNormV3',
          ['block1_dw_bn/FusedBatchNormV3'],
          ['stem_bn/FusedBatchNormV3'],
          8,
        ],
        [
          'block2_dw_bn/FusedBatchNormV3',
          ['block2_dw_bn/FusedBatchNormV3'],
          ['block1_pw_bn/FusedBatchNormV3'],
          16,
        ],
        [
          'block3_dw_bn/FusedBatchNormV3',
          ['block3_dw_bn/FusedBatchNormV3'],
          ['block2_pw_bn/FusedBatchNormV3'],
          32,
        ],
      ],
    );
  });
});
