import type { NetworkDescriptionInput } from '../format/network.schema';
import { NetworkBuilder } from './network.builder';

/** Convolution widths per stage (each stage ends in a 2×2 max pool): Simonyan & Zisserman 2015, Table 1. */
export const VGG_STAGES: Record<'vgg11' | 'vgg16', readonly (readonly number[])[]> = {
  vgg11: [[64], [128], [256, 256], [512, 512], [512, 512]],
  vgg16: [
    [64, 64],
    [128, 128],
    [256, 256, 256],
    [512, 512, 512],
    [512, 512, 512],
  ],
};

/**
 * VGG with batch norm, laid out as torchvision's `vgg11_bn` / `vgg16_bn`: 3×3 convs (with
 * bias) → batch norm → relu, five 2×2 max pools, then the classifier. `imagenet` is the
 * paper's head (flatten → dense 4096 → relu → dropout 0.5, twice → dense `classes`); `cifar`
 * is the usual CIFAR head on the 1×1×512 map (flatten → dense `classes`).
 */
export function vggBn(
  name: string,
  stages: readonly (readonly number[])[],
  input: { name: string; shape: number[] },
  head: 'imagenet' | 'cifar',
  classes: number,
): NetworkDescriptionInput {
  const b = new NetworkBuilder(name, input);
  let x = b.inputName;
  stages.forEach((widths, s) => {
    widths.forEach((filters, i) => {
      const conv = `block${s + 1}_conv${i + 1}`;
      b.layer({ name: conv, op: 'conv2d', inputs: [x], filters, kernelSize: 3 });
      b.layer({ name: `${conv}_bn`, op: 'batchNorm', inputs: [conv] });
      x = b.layer({ name: `${conv}_relu`, op: 'relu', inputs: [`${conv}_bn`] });
    });
    x = b.layer({ name: `block${s + 1}_pool`, op: 'maxPool', inputs: [x] });
  });
  x = b.layer({ name: 'flatten', op: 'flatten', inputs: [x] });
  if (head === 'imagenet') {
    for (const fc of ['fc1', 'fc2']) {
      b.layer({ name: fc, op: 'dense', inputs: [x], units: 4096 });
      b.layer({ name: `${fc}_relu`, op: 'relu', inputs: [fc] });
      x = b.layer({ name: `${fc}_dropout`, op: 'dropout', inputs: [`${fc}_relu`], rate: 0.5 });
    }
  }
  b.layer({ name: 'logits', op: 'dense', inputs: [x], units: classes });
  return b.build(['logits']);
}
