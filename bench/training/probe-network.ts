// The fixed reference network of the training benchmark (the 2026-11 wasm probe's network):
// conv3x3 32 + BN + ReLU, conv3x3 64 + BN + ReLU, maxpool 2, conv3x3 128 + BN + ReLU,
// global average pool, dense 10, on 28×28×1 inputs. Built with tfjs-layers directly so the
// benchmark does not depend on libs/morphnet. Convolutions carry no bias (BN follows them).
import * as tfl from '@tensorflow/tfjs-layers';

export function buildProbeNetwork(seed = 1): tfl.LayersModel {
  const init = (offset: number) => tfl.initializers.glorotUniform({ seed: seed + offset });
  const convBnRelu = (filters: number, offset: number, inputShape?: number[]) => [
    tfl.layers.conv2d({
      filters,
      kernelSize: 3,
      padding: 'same',
      useBias: false,
      kernelInitializer: init(offset),
      ...(inputShape ? { inputShape } : {}),
    }),
    tfl.layers.batchNormalization(),
    tfl.layers.reLU(),
  ];
  return tfl.sequential({
    layers: [
      ...convBnRelu(32, 0, [28, 28, 1]),
      ...convBnRelu(64, 1),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      ...convBnRelu(128, 2),
      tfl.layers.globalAveragePooling2d({}),
      tfl.layers.dense({ units: 10, kernelInitializer: init(3) }),
    ],
  });
}
