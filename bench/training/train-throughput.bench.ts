// Training and inference throughput of the reference network on each available backend.
// Run on demand (not part of `npm test`):
//   npx tsx bench/training/train-throughput.bench.ts [--backends=node-gpu,node,wasm,wasm:1,cpu]
//     [--steps=15] [--warmup=3] [--batch=64]
// `wasm:N` runs the wasm backend with N threads. Prints a Markdown table and the command.
import * as tf from '@tensorflow/tfjs-core';
import { availableParallelism, cpus } from 'node:os';
import { releaseWasmBackend, selectBackend, type BackendInfo } from '../../libs/training/src/index';
import { buildProbeNetwork } from './probe-network';

interface Row {
  readonly label: string;
  readonly info?: BackendInfo;
  readonly trainMs?: number;
  readonly inferMs?: number;
  readonly error?: string;
}

const args = new Map(
  process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]),
);
const steps = Number(args.get('steps') ?? 15);
const warmup = Number(args.get('warmup') ?? 3);
const batch = Number(args.get('batch') ?? 64);
const backends = (args.get('backends') ?? 'node-gpu,node,wasm,wasm:1').split(',');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function time(fn: () => void, runs: number, skip: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < skip + runs; i++) {
    const start = performance.now();
    fn();
    if (i >= skip) out.push(performance.now() - start);
  }
  return out;
}

async function measure(label: string): Promise<Row> {
  const [name, threads] = label.split(':');
  let info: BackendInfo;
  try {
    info = (await selectBackend({ backend: name, threads: threads ? Number(threads) : undefined }))
      .backend;
  } catch (error) {
    return { label, error: (error as Error).message };
  }
  const model = buildProbeNetwork();
  const optimizer = tf.train.adam(1e-3);
  const xs = tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 7);
  const ys = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32', 8) as tf.Tensor1D, 10);
  const before = tf.memory().numTensors;
  const trainStep = () => {
    const loss = optimizer.minimize(
      () => tf.losses.softmaxCrossEntropy(ys, model.apply(xs, { training: true }) as tf.Tensor),
      true,
    );
    loss?.dataSync();
    loss?.dispose();
  };
  const inferStep = () => tf.tidy(() => (model.predict(xs) as tf.Tensor).dataSync());
  const trainMs = median(time(trainStep, steps, warmup));
  const inferMs = median(time(inferStep, steps, warmup));
  const leaked = tf.memory().numTensors - before;
  // Adam creates its slots on the first step; anything beyond them would be a per-step leak.
  if (leaked > model.trainableWeights.length * 2 + 2)
    console.warn(`${label}: ${leaked} tensors more than before`);
  tf.dispose([xs, ys]);
  optimizer.dispose();
  model.dispose();
  if (name === 'wasm') releaseWasmBackend();
  return { label, info, trainMs, inferMs };
}

function describe(info: BackendInfo): string {
  const parts = [`${info.package}@${info.version}`];
  if (info.threads !== undefined)
    parts.push(`${info.threads} thread${info.threads > 1 ? 's' : ''}`);
  if (info.simd) parts.push('SIMD');
  if (info.gpu) parts.push('GPU');
  return parts.join(', ');
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const label of backends) {
    const row = await measure(label);
    rows.push(row);
    console.error(
      `${label}: ${row.error ?? `${row.trainMs!.toFixed(0)} ms/step train, ${row.inferMs!.toFixed(0)} ms/batch infer`}`,
    );
  }
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `\nReference network (95k params), batch ${batch}, Adam; medians of ${steps} steps after ${warmup} warm-up steps.`,
  );
  console.log(
    `Machine: ${cpu}, ${availableParallelism()} CPUs available, Node ${process.version}.\n`,
  );
  console.log(
    '| backend | details | train ms/step | train examples/s | inference ms/batch | inference examples/s |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) {
    if (r.error) console.log(`| ${r.label} | unavailable: ${r.error} | — | — | — | — |`);
    else
      console.log(
        `| ${r.label} | ${describe(r.info!)} | ${r.trainMs!.toFixed(0)} | **${((batch * 1000) / r.trainMs!).toFixed(1)}** | ${r.inferMs!.toFixed(1)} | ${((batch * 1000) / r.inferMs!).toFixed(0)} |`,
      );
  }
  console.log(
    `\nCommand: npx tsx bench/training/train-throughput.bench.ts ${process.argv.slice(2).join(' ')}`.trimEnd(),
  );
}

void main();
