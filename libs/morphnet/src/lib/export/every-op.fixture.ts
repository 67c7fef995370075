// A small network using every op of our format and every way a gate is exported: folded
// into batch norm without `scale` (g1), into a depthwise convolution (g2), through a binary
// mask's relu6 into a transposed convolution (g4), into a dense layer (g5), and after a
// residual add as a 1×1 depthwise convolution (g3). For the exporter's specs.
import type { NetworkDescriptionInput } from '../format/network.schema';

/** Every op, 8×8×3 → 5 probabilities. */
export const EVERY_OP: NetworkDescriptionInput = {
  format: 'morphsweep-network/v1',
  name: 'every-op',
  inputs: [{ name: 'image', shape: [8, 8, 3] }],
  layers: [
    { name: 'c1', op: 'conv2d', inputs: ['image'], filters: 4, kernelSize: 3 },
    { name: 'bn1', op: 'batchNorm', inputs: ['c1'], scale: false },
    { name: 'g1', op: 'gate', inputs: ['bn1'] },
    { name: 'r1', op: 'relu', inputs: ['g1'] },
    { name: 'dw', op: 'depthwiseConv2d', inputs: ['r1'], kernelSize: 3, depthMultiplier: 2 },
    { name: 'g2', op: 'gate', inputs: ['dw'], keepFirstChannelAlive: false },
    { name: 'r6', op: 'relu6', inputs: ['g2'] },
    { name: 'sep', op: 'separableConv2d', inputs: ['r6'], filters: 8, kernelSize: 3, strides: 2 },
    { name: 'act', op: 'activation', inputs: ['sep'], activation: 'tanh' },
    { name: 'mp', op: 'maxPool', inputs: ['r6'] },
    { name: 'sum', op: 'add', inputs: ['act', 'mp'] },
    { name: 'g3', op: 'gate', inputs: ['sum'] },
    { name: 'ap', op: 'avgPool', inputs: ['r6'] },
    { name: 'mul', op: 'multiply', inputs: ['g3', 'ap'] },
    { name: 'cat', op: 'concat', inputs: ['mul', 'sum'], axis: -1 },
    {
      name: 'tr',
      op: 'conv2dTranspose',
      inputs: ['cat'],
      filters: 4,
      kernelSize: 3,
      strides: 2,
      useBias: false,
    },
    { name: 'rl', op: 'activation', inputs: ['tr'], activation: 'relu6' },
    { name: 'g4', op: 'gate', inputs: ['rl'], softMaskForInference: false },
    { name: 'drop', op: 'dropout', inputs: ['g4'], rate: 0.2 },
    { name: 'gap', op: 'globalAvgPool', inputs: ['drop'] },
    { name: 'p2', op: 'maxPool', inputs: ['drop'], poolSize: 4 },
    { name: 'flat', op: 'flatten', inputs: ['p2'] },
    { name: 'd1', op: 'dense', inputs: ['flat'], units: 6 },
    { name: 'g5', op: 'gate', inputs: ['d1'] },
    { name: 'rs', op: 'reshape', inputs: ['g5'], targetShape: [2, 3] },
    { name: 'flat2', op: 'flatten', inputs: ['rs'] },
    { name: 'cat2', op: 'concat', inputs: ['gap', 'flat2'] },
    { name: 'd2', op: 'dense', inputs: ['cat2'], units: 5 },
    { name: 'out', op: 'softmax', inputs: ['d2'] },
  ],
  outputs: ['out'],
};
