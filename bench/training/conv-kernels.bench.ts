// Time and GFLOP/s of every convolution kernel one training step of the reference network runs
// (forward, input gradient, filter gradient per layer), on wasm with N threads: the ceiling
// that the convolutions put on a step, whatever the rest costs.
//   npx tsx bench/training/conv-kernels.bench.ts [--threads=2] [--runs=7]
// Medians of --runs calls after 2 warm-up calls; each call includes reading the result back.
import * as tf from '@tensorflow/tfjs-core';
import { loadavg } from 'node:os';
import { selectBackend } from '../../libs/training/src/index';

const args = new Map(
  process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]),
);
const threads = Number(args.get('threads') ?? 2);
const runs = Number(args.get('runs') ?? 7);
// [batch, height, width, in channels, out channels] of the reference network's 3×3 'same' convolutions.
const LAYERS: [number, number, number, number, number][] = [
  [64, 28, 28, 1, 32],
  [64, 28, 28, 32, 64],
  [64, 14, 14, 64, 128],
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  await selectBackend({ backend: 'wasm', threads });
  const before = loadavg()[0]!;
  let total = 0;
  let gflopTotal = 0;
  console.log(`| layer | kernel | ms | GFLOP/s |\n|---|---|---|---|`);
  for (const [n, h, w, ci, co] of LAYERS) {
    const x = tf.randomNormal([n, h, w, ci]) as tf.Tensor4D;
    const dy = tf.randomNormal([n, h, w, co]) as tf.Tensor4D;
    const f = tf.randomNormal([3, 3, ci, co]) as tf.Tensor4D;
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC' };
    const kernels: Record<string, () => tf.Tensor> = {
      forward: () => tf.conv2d(x, f, 1, 'same'),
      'input gradient': () =>
        tf
          .engine()
          .runKernel(
            'Conv2DBackpropInput',
            { dy, filter: f },
            { ...attrs, inputShape: x.shape },
          ) as tf.Tensor,
      'filter gradient': () =>
        tf
          .engine()
          .runKernel(
            'Conv2DBackpropFilter',
            { x, dy },
            { ...attrs, filterShape: f.shape },
          ) as tf.Tensor,
    };
    const gflop = (2 * n * h * w * 9 * ci * co) / 1e9;
    const times: Record<string, number[]> = {};
    for (let r = 0; r < runs + 2; r++) {
      for (const [name, run] of Object.entries(kernels)) {
        const start = performance.now();
        const out = run();
        out.dataSync();
        const ms = performance.now() - start;
        out.dispose();
        if (r >= 2) (times[name] ??= []).push(ms);
      }
    }
    for (const [name, values] of Object.entries(times)) {
      const ms = median(values);
      console.log(
        `| ${ci}→${co} | ${name} | ${ms.toFixed(0)} | ${((gflop / ms) * 1000).toFixed(1)} |`,
      );
      total += ms;
      gflopTotal += gflop;
    }
    tf.dispose([x, dy, f]);
  }
  console.log(
    `\nAll of them: ${total.toFixed(0)} ms for ${gflopTotal.toFixed(1)} GFLOP (${((gflopTotal / total) * 1000).toFixed(1)} GFLOP/s), ${threads} thread(s).`,
  );
  console.log(
    `(A step also computes the first layer's unused input gradient: tfjs-core's fused conv2d gradient is eager.)`,
  );
  console.log(
    `Load average (1 min) ${before.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after.`,
  );
  console.log(
    `Command: npx tsx bench/training/conv-kernels.bench.ts ${process.argv.slice(2).join(' ')}`.trimEnd(),
  );
  process.exit(0);
}

void main();
