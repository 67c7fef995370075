// A/B of training-step time on the reference network, interleaved in one process, so that
// load from other work on the shared machine hits both sides alike.
//   npx tsx bench/training/ab-step.bench.ts [--threads=2] [--rounds=12] [--warmup=2]
//     [--off=Identity,Cast]   kernels (or `<Kernel> gradient`s) to swap back to tfjs' stock
//                             versions on side A; side B runs ours. Default: everything.
//     [--alt=./path/to/module.ts] side A runs the `configs: KernelConfig[]` (and `gradients:
//                             GradConfig[]`) that module exports, e.g. an older version of one
//                             of ours, instead.
// Each round runs one step with A and one with B (order alternating); prints the wall-time
// medians, the median of the per-round differences, the process CPU time per step (all threads;
// less sensitive to other load than wall time) and the load average before and after.
import * as tf from '@tensorflow/tfjs-core';
import { getKernelsForBackend, type GradConfig, type KernelConfig } from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers';
import { loadavg } from 'node:os';
import { selectBackend } from '../../libs/training/src/index';
import { buildProbeNetwork } from './probe-network';

const args = new Map(
  process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]),
);
const rounds = Number(args.get('rounds') ?? 12);
const warmup = Number(args.get('warmup') ?? 2);
const threads = Number(args.get('threads') ?? 2);

// Captured before selectBackend installs ours.
const stockKernels = new Map(getKernelsForBackend('wasm').map((k) => [k.kernelName, k]));
// tfjs-layers registered tfjs-core's gradients on import; ours replace some of them later.
const stockGradients = new Map(
  [...stockKernels.keys()].map((name) => [name, tf.getGradient(name)]),
);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function install(kernel: KernelConfig | undefined, name: string): void {
  if (tf.getKernel(name, 'wasm')) tf.unregisterKernel(name, 'wasm');
  if (kernel) tf.registerKernel(kernel);
}

function installGradient(config: GradConfig | undefined): void {
  if (!config) return;
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    tf.registerGradient(config);
  } finally {
    console.warn = warn;
  }
}

async function main(): Promise<void> {
  const { backend } = await selectBackend({ backend: 'wasm', threads });
  const all = backend.trainingKernels ?? [];
  const off = args.has('off') ? args.get('off')!.split(',') : args.has('alt') ? [] : [...all];
  const altModule = args.has('alt')
    ? ((await import(new URL(args.get('alt')!, `file://${process.cwd()}/`).href)) as {
        configs?: KernelConfig[];
        gradients?: GradConfig[];
      })
    : {};
  const alt = altModule.configs ?? [];
  for (const config of alt) stockKernels.set(config.kernelName, config);
  for (const config of altModule.gradients ?? []) stockGradients.set(config.kernelName, config);
  const ours = new Map<string, KernelConfig | undefined>();
  const oursGrad = new Map<string, GradConfig | undefined>();
  for (const config of alt) if (!off.includes(config.kernelName)) off.push(config.kernelName);
  for (const config of altModule.gradients ?? []) off.push(`${config.kernelName} gradient`);
  for (const name of off) {
    if (name.endsWith(' gradient')) {
      const kernel = name.replace(/ gradient$/, '');
      oursGrad.set(kernel, tf.getGradient(kernel));
    } else ours.set(name, tf.getKernel(name, 'wasm'));
  }
  const use = (side: 'A' | 'B') => {
    for (const [name, config] of ours)
      install(side === 'A' ? stockKernels.get(name) : config, name);
    for (const [name, config] of oursGrad)
      installGradient(side === 'A' ? stockGradients.get(name) : config);
  };
  const model = buildProbeNetwork();
  const optimizer = tf.train.adam(1e-3);
  const xs = tf.randomUniform([64, 28, 28, 1], 0, 1, 'float32', 7);
  const ys = tf.oneHot(tf.randomUniform([64], 0, 10, 'int32', 8) as tf.Tensor1D, 10);
  const cpu = { A: [] as number[], B: [] as number[] };
  const step = (side: 'A' | 'B', record: boolean) => {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const loss = optimizer.minimize(
      () => tf.losses.softmaxCrossEntropy(ys, model.apply(xs, { training: true }) as tf.Tensor),
      true,
    );
    loss?.dataSync();
    loss?.dispose();
    const used = process.cpuUsage(cpuStart);
    if (record) cpu[side].push((used.user + used.system) / 1000);
    return performance.now() - start;
  };
  const before = loadavg()[0]!;
  const times = { A: [] as number[], B: [] as number[] };
  const diffs: number[] = [];
  for (let r = 0; r < warmup + rounds; r++) {
    const order: ('A' | 'B')[] = r % 2 ? ['B', 'A'] : ['A', 'B'];
    const t: Record<string, number> = {};
    for (const side of order) {
      use(side);
      t[side] = step(side, r >= warmup);
    }
    if (r < warmup) continue;
    times.A.push(t['A']!);
    times.B.push(t['B']!);
    diffs.push(t['A']! - t['B']!);
  }
  use('B');
  const after = loadavg()[0]!;
  console.log(
    `threads ${threads}, ${rounds} rounds after ${warmup}; A = ${args.has('alt') ? args.get('alt') : 'stock'} ${off.join(', ')}; B = ours`,
  );
  console.log(
    `A median ${median(times.A).toFixed(0)} ms/step, B median ${median(times.B).toFixed(0)} ms/step, median(A-B) ${median(diffs).toFixed(0)} ms`,
  );
  console.log(
    `CPU time (all threads) median: A ${median(cpu.A).toFixed(0)} ms/step, B ${median(cpu.B).toFixed(0)} ms/step`,
  );
  console.log(`load average (1 min) ${before.toFixed(2)} before, ${after.toFixed(2)} after`);
  tf.dispose([xs, ys]);
  optimizer.dispose();
  model.dispose();
  process.exit(0);
}

void main();
