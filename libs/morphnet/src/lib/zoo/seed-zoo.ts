import { MorphnetError } from '../errors';
import { parseNetwork } from '../format/network.parse';
import type { NetworkDescription, NetworkDescriptionInput } from '../format/network.schema';
import { NetworkBuilder, addGates } from './network.builder';

const FMNIST = { name: 'image', shape: [28, 28, 1] };

// Widths are small on purpose: one training step at batch 64 must stay well under a second
// on 2 CPU cores with the tfjs cpu backend, while leaving MorphNet channels to prune.
function fmnistCnn(): NetworkDescriptionInput {
  const b = new NetworkBuilder('fmnist-cnn', FMNIST);
  let x = b.convBnRelu('conv1', b.inputName, 8, 3, 2);
  x = b.convBnRelu('conv2', x, 16, 3);
  x = b.layer({ name: 'pool2', op: 'maxPool', inputs: [x] });
  x = b.convBnRelu('conv3', x, 32, 3);
  x = b.layer({ name: 'gap', op: 'globalAvgPool', inputs: [x] });
  b.layer({ name: 'logits', op: 'dense', inputs: [x], units: 10 });
  return b.build(['logits']);
}

function fmnistResnet(): NetworkDescriptionInput {
  const b = new NetworkBuilder('fmnist-resnet', FMNIST);
  const stem = b.convBnRelu('stem', b.inputName, 8, 3, 2);
  let x = b.convBnRelu('block1_conv1', stem, 8, 3);
  b.layer({
    name: 'block1_conv2',
    op: 'conv2d',
    inputs: [x],
    filters: 8,
    kernelSize: 3,
    useBias: false,
  });
  b.layer({ name: 'block1_conv2_bn', op: 'batchNorm', inputs: ['block1_conv2'] });
  b.layer({ name: 'block1_add', op: 'add', inputs: ['block1_conv2_bn', stem] });
  const block1 = b.layer({ name: 'block1_relu', op: 'relu', inputs: ['block1_add'] });
  x = b.convBnRelu('block2_conv1', block1, 16, 3, 2);
  b.layer({
    name: 'block2_conv2',
    op: 'conv2d',
    inputs: [x],
    filters: 16,
    kernelSize: 3,
    useBias: false,
  });
  b.layer({ name: 'block2_conv2_bn', op: 'batchNorm', inputs: ['block2_conv2'] });
  b.layer({
    name: 'block2_shortcut',
    op: 'conv2d',
    inputs: [block1],
    filters: 16,
    kernelSize: 1,
    strides: 2,
    useBias: false,
  });
  b.layer({ name: 'block2_shortcut_bn', op: 'batchNorm', inputs: ['block2_shortcut'] });
  b.layer({ name: 'block2_add', op: 'add', inputs: ['block2_conv2_bn', 'block2_shortcut_bn'] });
  x = b.layer({ name: 'block2_relu', op: 'relu', inputs: ['block2_add'] });
  x = b.layer({ name: 'gap', op: 'globalAvgPool', inputs: [x] });
  b.layer({ name: 'logits', op: 'dense', inputs: [x], units: 10 });
  return b.build(['logits']);
}

function fmnistMobilenet(): NetworkDescriptionInput {
  const b = new NetworkBuilder('fmnist-mobilenet', FMNIST);
  let x = b.convBnRelu('stem', b.inputName, 8, 3, 2, 'relu6');
  const separable = (name: string, input: string, filters: number, strides: number): string => {
    b.layer({
      name: `${name}_dw`,
      op: 'depthwiseConv2d',
      inputs: [input],
      kernelSize: 3,
      strides,
      useBias: false,
    });
    b.layer({ name: `${name}_dw_bn`, op: 'batchNorm', inputs: [`${name}_dw`] });
    const dw = b.layer({ name: `${name}_dw_relu6`, op: 'relu6', inputs: [`${name}_dw_bn`] });
    return b.convBnRelu(`${name}_pw`, dw, filters, 1, 1, 'relu6');
  };
  x = separable('block1', x, 16, 2);
  x = separable('block2', x, 32, 1);
  x = separable('block3', x, 32, 1);
  x = b.layer({ name: 'gap', op: 'globalAvgPool', inputs: [x] });
  b.layer({ name: 'logits', op: 'dense', inputs: [x], units: 10 });
  return b.build(['logits']);
}

const BASE: Record<string, () => NetworkDescriptionInput> = {
  'fmnist-cnn': fmnistCnn,
  'fmnist-resnet': fmnistResnet,
  'fmnist-mobilenet': fmnistMobilenet,
};

/** Names of the seed networks: each base network and its `-gated` (FiGS) variant. */
export const ZOO_NETWORKS: readonly string[] = Object.keys(BASE).flatMap((n) => [n, `${n}-gated`]);

/**
 * A seed network of the zoo (Fashion-MNIST, 28×28×1 → 10 logits), validated. `<name>-gated`
 * adds a FiGS gate after every relu. Throws `INVALID_ARGUMENT` for an unknown name.
 */
export function zooNetwork(name: string): NetworkDescription {
  const gated = name.endsWith('-gated');
  const make = BASE[gated ? name.slice(0, -'-gated'.length) : name];
  if (!make)
    throw new MorphnetError(
      'INVALID_ARGUMENT',
      `unknown zoo network "${name}"; known: ${ZOO_NETWORKS.join(', ')}`,
    );
  return parseNetwork(gated ? addGates(make()) : make());
}
