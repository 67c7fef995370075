import { MorphnetError } from '../errors';
import { parseNetwork } from '../format/network.parse';
import type { NetworkDescription, NetworkDescriptionInput } from '../format/network.schema';
import { CIFAR_INPUT, cifarResnet } from './cifar-resnet.zoo';
import { mobilenetV2 } from './mobilenet-v2.zoo';
import { NetworkBuilder, addGates } from './network.builder';
import { VGG_STAGES, vggBn } from './vgg.zoo';

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

// The 32/64/128 reference network of bench/training (94,186 trainable parameters; Keras'
// count_params, 94,634, adds the batch-norm moving statistics): wide enough to prune.
function fmnistCnnWide(): NetworkDescriptionInput {
  const b = new NetworkBuilder('fmnist-cnn-wide', FMNIST);
  let x = b.convBnRelu('conv1', b.inputName, 32, 3);
  x = b.convBnRelu('conv2', x, 64, 3);
  x = b.layer({ name: 'pool', op: 'maxPool', inputs: [x] });
  x = b.convBnRelu('conv3', x, 128, 3);
  x = b.layer({ name: 'gap', op: 'globalAvgPool', inputs: [x] });
  b.layer({ name: 'logits', op: 'dense', inputs: [x], units: 10 });
  return b.build(['logits']);
}

const IMAGENET = { name: 'image', shape: [224, 224, 3] };

// Small Fashion-MNIST networks: cheap enough to build and train a step in unit tests.
const SMALL: Record<string, () => NetworkDescriptionInput> = {
  'fmnist-cnn': fmnistCnn,
  'fmnist-resnet': fmnistResnet,
  'fmnist-mobilenet': fmnistMobilenet,
  'fmnist-cnn-wide': fmnistCnnWide,
};

// Realistic seeds (0.27M–138M parameters): analysed in tests, never trained there.
const REALISTIC: Record<string, () => NetworkDescriptionInput> = {
  'cifar-resnet20': () => cifarResnet('cifar-resnet20', 3),
  'cifar-resnet56': () => cifarResnet('cifar-resnet56', 9),
  'cifar-mobilenetv2': () => mobilenetV2('cifar-mobilenetv2', CIFAR_INPUT, 10),
  'imagenet-mobilenetv2': () => mobilenetV2('imagenet-mobilenetv2', IMAGENET, 1000),
  'cifar-vgg11-bn': () => vggBn('cifar-vgg11-bn', VGG_STAGES.vgg11, CIFAR_INPUT, 'cifar', 10),
  'cifar-vgg16-bn': () => vggBn('cifar-vgg16-bn', VGG_STAGES.vgg16, CIFAR_INPUT, 'cifar', 10),
  'imagenet-vgg11-bn': () =>
    vggBn('imagenet-vgg11-bn', VGG_STAGES.vgg11, IMAGENET, 'imagenet', 1000),
  'imagenet-vgg16-bn': () =>
    vggBn('imagenet-vgg16-bn', VGG_STAGES.vgg16, IMAGENET, 'imagenet', 1000),
};

const BASE: Record<string, () => NetworkDescriptionInput> = { ...SMALL, ...REALISTIC };

const withGated = (names: string[]): readonly string[] => names.flatMap((n) => [n, `${n}-gated`]);

/** Names of the seed networks: each base network and its `-gated` (FiGS) variant. */
export const ZOO_NETWORKS: readonly string[] = withGated(Object.keys(BASE));

/**
 * The small zoo networks (Fashion-MNIST, 28×28×1 → 10, under 100k parameters) and their gated
 * variants: the ones tests build and train. The others are realistic seeds (CIFAR ResNets,
 * MobileNetV2, VGG with batch norm) whose size makes a training step cost seconds on a CPU.
 */
export const SMALL_ZOO_NETWORKS: readonly string[] = withGated(Object.keys(SMALL));

/**
 * A seed network of the zoo, validated: `fmnist-*` read 28×28×1, `cifar-*` 32×32×3 (10
 * logits), `imagenet-*` 224×224×3 (1000 logits). `<name>-gated`
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
