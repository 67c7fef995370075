import type { NetworkDescriptionInput } from '../format/network.schema';
import { NetworkBuilder } from './network.builder';

/** The 32×32×3 CIFAR input every CIFAR seed reads. */
export const CIFAR_INPUT = { name: 'image', shape: [32, 32, 3] };

/**
 * A CIFAR ResNet of He et al. 2016 (§4.2): a 3×3 conv of 16, three stages of `n` basic blocks
 * (16, 32, 64 filters; the first block of stages 2 and 3 halves the resolution), global
 * average pooling, dense 10 — `6n + 2` weighted layers. Shortcuts are option B: identity, and
 * a 1×1 projection (stride 2, + batch norm) where the shape changes. The paper's own counts
 * (0.27M for n = 3, 0.85M for n = 9) are option A, whose zero-padded identity our format
 * cannot express; B adds 2,752 parameters and gives MorphNet a conv to group with each add.
 */
export function cifarResnet(name: string, n: number): NetworkDescriptionInput {
  const b = new NetworkBuilder(name, CIFAR_INPUT);
  const convBn = (layer: string, input: string, filters: number, strides: number): string => {
    b.layer({
      name: layer,
      op: 'conv2d',
      inputs: [input],
      filters,
      kernelSize: 3,
      strides,
      useBias: false,
    });
    return b.layer({ name: `${layer}_bn`, op: 'batchNorm', inputs: [layer] });
  };
  let x = b.convBnRelu('stem', b.inputName, 16, 3);
  [16, 32, 64].forEach((filters, stage) => {
    for (let block = 0; block < n; block++) {
      const id = `stage${stage + 1}_block${block + 1}`;
      const strides = stage > 0 && block === 0 ? 2 : 1;
      const y = b.convBnRelu(`${id}_conv1`, x, filters, 3, strides);
      const residual = convBn(`${id}_conv2`, y, filters, 1);
      let shortcut = x;
      if (strides !== 1) {
        b.layer({
          name: `${id}_shortcut`,
          op: 'conv2d',
          inputs: [x],
          filters,
          kernelSize: 1,
          strides,
          useBias: false,
        });
        shortcut = b.layer({
          name: `${id}_shortcut_bn`,
          op: 'batchNorm',
          inputs: [`${id}_shortcut`],
        });
      }
      b.layer({ name: `${id}_add`, op: 'add', inputs: [residual, shortcut] });
      x = b.layer({ name: `${id}_relu`, op: 'relu', inputs: [`${id}_add`] });
    }
  });
  x = b.layer({ name: 'gap', op: 'globalAvgPool', inputs: [x] });
  b.layer({ name: 'logits', op: 'dense', inputs: [x], units: 10 });
  return b.build(['logits']);
}
