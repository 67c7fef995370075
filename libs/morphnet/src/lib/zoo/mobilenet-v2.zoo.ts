import type { NetworkDescriptionInput } from '../format/network.schema';
import { NetworkBuilder } from './network.builder';

// (expansion t, output channels c, repeats n, first stride s): Sandler et al. 2018, Table 2.
const BLOCKS: ReadonlyArray<readonly [number, number, number, number]> = [
  [1, 16, 1, 1],
  [6, 24, 2, 2],
  [6, 32, 3, 2],
  [6, 64, 4, 2],
  [6, 96, 3, 1],
  [6, 160, 3, 2],
  [6, 320, 1, 1],
];

/**
 * MobileNetV2 at width 1.0 as `keras.applications.MobileNetV2` builds it, with Keras' layer
 * names (`block_<i>_expand`, `_depthwise`, `_project`, their `_BN`, `_add`): a stride-2 3×3
 * conv of 32, 17 inverted residual blocks (the first without expansion), a 1×1 conv of 1280,
 * global average pooling and dense `classes`, every conv without bias and followed by batch
 * norm (ε 1e-3, momentum 0.999). Keras pads stride-2 depthwise convs explicitly
 * (`ZeroPadding2D` + `valid`); that is exactly TF's `same` padding, which is what we write.
 * The logits carry no softmax (the loss applies it); the parameter count is unchanged.
 */
export function mobilenetV2(
  name: string,
  input: { name: string; shape: number[] },
  classes: number,
): NetworkDescriptionInput {
  const b = new NetworkBuilder(name, input);
  const convBn = (layer: string, x: string, bn: string, filters: number, kernelSize: number) => {
    const strides = layer === 'Conv1' ? 2 : 1;
    // Keras writes Conv_1 "valid" and the others "same": the same thing for a 1×1 kernel.
    const padding = layer === 'Conv_1' ? 'valid' : 'same';
    b.layer({
      name: layer,
      op: 'conv2d',
      inputs: [x],
      filters,
      kernelSize,
      strides,
      padding,
      useBias: false,
    });
    return b.layer({ name: bn, op: 'batchNorm', inputs: [layer], momentum: 0.999 });
  };
  const relu6 = (layer: string, x: string) => b.layer({ name: layer, op: 'relu6', inputs: [x] });
  let x = relu6('Conv1_relu', convBn('Conv1', b.inputName, 'bn_Conv1', 32, 3));
  let channels = 32;
  let id = 0;
  for (const [t, c, n, s] of BLOCKS) {
    for (let i = 0; i < n; i++, id++) {
      const prefix = id === 0 ? 'expanded_conv_' : `block_${id}_`;
      const input = x;
      if (t !== 1) {
        const expanded = convBn(`${prefix}expand`, x, `${prefix}expand_BN`, channels * t, 1);
        x = relu6(`${prefix}expand_relu`, expanded);
      }
      b.layer({
        name: `${prefix}depthwise`,
        op: 'depthwiseConv2d',
        inputs: [x],
        kernelSize: 3,
        strides: i === 0 ? s : 1,
        useBias: false,
      });
      b.layer({
        name: `${prefix}depthwise_BN`,
        op: 'batchNorm',
        inputs: [`${prefix}depthwise`],
        momentum: 0.999,
      });
      x = relu6(`${prefix}depthwise_relu`, `${prefix}depthwise_BN`);
      x = convBn(`${prefix}project`, x, `${prefix}project_BN`, c, 1);
      if (channels === c && (i === 0 ? s : 1) === 1)
        x = b.layer({ name: `${prefix}add`, op: 'add', inputs: [input, x] });
      channels = c;
    }
  }
  x = relu6('out_relu', convBn('Conv_1', x, 'Conv_1_bn', 1280, 1));
  x = b.layer({ name: 'global_average_pooling2d', op: 'globalAvgPool', inputs: [x] });
  b.layer({ name: 'predictions', op: 'dense', inputs: [x], units: classes });
  return b.build(['predictions']);
}
