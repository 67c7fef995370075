// Training and inference throughput of every seed-zoo network (libs/morphnet's MorphModel), with
// and without the MorphNet term, and with native convolutions vs im2col + matMul.
// Run on demand (not part of `npm test`):
//   npx tsx --conditions=@morphsweep/source bench/training/zoo-throughput.bench.ts
//     [--backend=wasm] [--threads=2] [--networks=fmnist-cnn,...] [--convolutions=native,matmul]
//     [--steps=10] [--warmup=2] [--batch=64]
// Prints a Markdown table and the command. The overhead ratio is (ms/step with the term) /
// (ms/step without), both measured in the same run on the same model.
import * as tf from '@tensorflow/tfjs-core';
import { availableParallelism, cpus } from 'node:os';
import {
  SMALL_ZOO_NETWORKS,
  buildModel,
  createNetworkRegularizer,
  zooNetwork,
  type ConvolutionMode,
} from '@morphsweep/morphnet';
import { releaseWasmBackend, selectBackend } from '../../libs/training/src/index';

const args = new Map(
  process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]),
);
const steps = Number(args.get('steps') ?? 10);
const warmup = Number(args.get('warmup') ?? 2);
const batch = Number(args.get('batch') ?? 64);
const networks = (args.get('networks') ?? SMALL_ZOO_NETWORKS.join(',')).split(',');
const modes = (args.get('convolutions') ?? 'native,matmul').split(',') as ConvolutionMode[];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function time(fn: () => void): number {
  const out: number[] = [];
  for (let i = 0; i < warmup + steps; i++) {
    const start = performance.now();
    fn();
    if (i >= warmup) out.push(performance.now() - start);
  }
  return median(out);
}

interface Row {
  network: string;
  convolutions: ConvolutionMode;
  params: number;
  plainMs: number;
  morphnetMs: number;
  inferMs: number;
  leaked: number;
}

function measure(network: string, convolutions: ConvolutionMode): Row {
  const model = buildModel(zooNetwork(network), { seed: 1, convolutions });
  const regularizer = createNetworkRegularizer({
    graph: model.graph('training'),
    tensors: model,
    family: network.endsWith('-gated') ? 'logistic-sigmoid' : 'gamma',
    resource: 'flops',
    threshold: network.endsWith('-gated') ? 0.1 : 0.01,
  });
  const optimizer = tf.train.adam(1e-3);
  const xs = tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 7);
  const ys = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32', 8) as tf.Tensor1D, 10);
  const vars = model.trainableVariables();
  let step = 0;
  const train = (withTerm: boolean) => () => {
    const loss = optimizer.minimize(
      () => {
        const logits = model.apply(xs, { training: true, step, seed: 1000 + step })[0] as tf.Tensor;
        const ce = tf.losses.softmaxCrossEntropy(ys, logits) as tf.Scalar;
        return withTerm ? tf.add(ce, tf.mul(1e-8, regularizer.getRegularizationTerm())) : ce;
      },
      true,
      vars,
    );
    step++;
    loss?.dataSync();
    loss?.dispose();
  };
  const infer = () =>
    tf.tidy(() => (model.apply(xs, { training: false })[0] as tf.Tensor).dataSync());
  train(true)(); // creates the optimizer slots
  const before = tf.memory().numTensors;
  const plainMs = time(train(false));
  const morphnetMs = time(train(true));
  const inferMs = time(infer);
  const leaked = tf.memory().numTensors - before;
  const params = vars.reduce((s, v) => s + v.size, 0);
  tf.dispose([xs, ys]);
  optimizer.dispose();
  model.dispose();
  return { network, convolutions, params, plainMs, morphnetMs, inferMs, leaked };
}

async function main(): Promise<void> {
  const { backend } = await selectBackend({
    backend: args.get('backend'),
    threads: args.has('threads') ? Number(args.get('threads')) : undefined,
  });
  const rows: Row[] = [];
  for (const network of networks) {
    for (const mode of modes) {
      const row = measure(network, mode);
      rows.push(row);
      console.error(
        `${network} ${mode}: ${row.plainMs.toFixed(0)} / ${row.morphnetMs.toFixed(0)} ms/step, infer ${row.inferMs.toFixed(0)} ms, leaked ${row.leaked}`,
      );
    }
  }
  const eps = (ms: number): string => ((batch * 1000) / ms).toFixed(0);
  console.log(
    `\nSeed-zoo networks on ${backend.name} (${backend.package}@${backend.version}${backend.threads ? `, ${backend.threads} threads` : ''}), batch ${batch}, Adam;`,
  );
  console.log(
    `medians of ${steps} steps after ${warmup} warm-up steps. Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} CPUs, Node ${process.version}.\n`,
  );
  console.log(
    '| network | convolutions | params | train ms/step | train ex/s | + MorphNet term ms/step | ex/s | overhead | inference ex/s |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.network} | ${r.convolutions} | ${r.params.toLocaleString('en-US')} | ${r.plainMs.toFixed(0)} | ${eps(r.plainMs)} | ${r.morphnetMs.toFixed(0)} | **${eps(r.morphnetMs)}** | ×${(r.morphnetMs / r.plainMs).toFixed(2)} | ${eps(r.inferMs)} |`,
    );
  }
  console.log(
    `\nCommand: npx tsx --conditions=@morphsweep/source bench/training/zoo-throughput.bench.ts ${process.argv.slice(2).join(' ')}`.trimEnd(),
  );
  if (backend.name === 'wasm') releaseWasmBackend();
}

void main();
