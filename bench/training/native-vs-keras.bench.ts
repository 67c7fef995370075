// Training throughput of the reference network on TF Keras (the provisioned TensorFlow's Python,
// graph and/or eager mode) and on our backends, in ONE invocation, interleaved round by round so
// that load from other work on a shared machine hits every engine alike. Prints ex/s, the
// ratios the native-engine targets are stated in, the command, the CPU model and the load.
//   npx tsx --conditions=@morphsweep/source bench/training/native-vs-keras.bench.ts
//     [--engines=keras-graph,node,node+morphnet,wasm] [--rounds=8] [--steps=4] [--batch=64]
// Engines: keras-graph, keras-eager (TF Keras), node, node-gpu, wasm, cpu (MorphModel of the
// reference network, loss CE + λ·Σ|γ|, Adam), and <backend>+morphnet (the same plus the MorphNet
// FLOPs term of the gamma family, as structure learning trains). Not part of `npm test`.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import * as tf from '@tensorflow/tfjs-core';
import { createNetworkRegularizer, type MorphModel } from '@morphsweep/morphnet';
import { selectBackend } from '../../libs/training/src/lib/backend/select-backend';
import { readTfjsNodeManifest } from '@morphsweep/devstack';
import { ONEDNN_ENV_VAR } from '../../libs/training/src/lib/backend/native-tensorflow.loader';
import type { BackendInfo } from '../../libs/training/src/lib/backend/backend-info';
import { buildReferenceModel, referenceLoss } from './reference-network';

const args = new Map(
  process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]),
);
const rounds = Number(args.get('rounds') ?? 8);
const steps = Number(args.get('steps') ?? 4);
const batch = Number(args.get('batch') ?? 64);
const engines = (args.get('engines') ?? 'keras-graph,node,node+morphnet,wasm').split(',');

interface Engine {
  readonly label: string;
  readonly detail: string;
  /** Runs `n` training steps, returns the wall time of each in ms. */
  run(n: number): Promise<number[]>;
  close(): void;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** TF Keras in the provisioned Python, as a child process answering `steps N`. */
async function kerasEngine(mode: 'graph' | 'eager'): Promise<Engine> {
  const python =
    process.env['MORPHSWEEP_BENCH_PYTHON'] ??
    readTfjsNodeManifest('node-gpu')?.python ??
    readTfjsNodeManifest('node')?.python;
  if (!python)
    throw new Error(
      'no provisioned Python with TensorFlow (run `npm run provision`, or set MORPHSWEEP_BENCH_PYTHON)',
    );
  const script = path.join(__dirname, 'keras-reference.py');
  const child: ChildProcessWithoutNullStreams = spawn(python, [
    script,
    `--mode=${mode}`,
    `--batch=${batch}`,
  ]);
  child.stderr.on('data', (d: Buffer) => process.stderr.write(`[keras] ${d}`));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, unknown>> => {
    const { value, done } = await lines.next();
    if (done) throw new Error('the Keras reference exited');
    return JSON.parse(value as string) as Record<string, unknown>;
  };
  const ready = await next();
  return {
    label: `keras-${mode}`,
    detail: `TensorFlow ${String(ready['tensorflow'])} Keras, ${mode === 'graph' ? 'tf.function' : 'eager'}, ${String(ready['params'])} params`,
    run: async (n) => {
      child.stdin.write(`steps ${n}\n`);
      return (await next())['ms'] as number[];
    },
    close: () => child.stdin.end('quit\n'),
  };
}

/** Our MorphModel of the reference network on a tfjs backend. */
async function tfjsEngine(label: string): Promise<Engine> {
  const [name, extra] = label.split('+');
  const { backend } = await selectBackend({ backend: name });
  const info: BackendInfo = backend;
  const tfBackend = tf.getBackend();
  const model: MorphModel = buildReferenceModel();
  const regularizer =
    extra === 'morphnet'
      ? createNetworkRegularizer({
          graph: model.graph('training'),
          tensors: model,
          family: 'gamma',
          resource: 'flops',
          threshold: 0.01,
        })
      : undefined;
  const optimizer = tf.train.adam(1e-3);
  const xs = tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 7);
  const ys = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32', 8) as tf.Tensor1D, 10);
  const vars = model.trainableVariables();
  let step = 0;
  const once = () => {
    const loss = optimizer.minimize(
      () => {
        const base = referenceLoss(model, xs, ys, step);
        return regularizer ? tf.add(base, tf.mul(1e-8, regularizer.getRegularizationTerm())) : base;
      },
      true,
      vars,
    );
    step++;
    loss?.dataSync();
    loss?.dispose();
  };
  const run = async (n: number) => {
    await tf.setBackend(tfBackend);
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const start = performance.now();
      once();
      ms.push(performance.now() - start);
    }
    return ms;
  };
  await run(3);
  const tensors = tf.memory().numTensors;
  await run(3);
  const leaked = tf.memory().numTensors - tensors;
  if (leaked !== 0) console.error(`${label}: ${leaked} tensors left over after 3 steps (a leak)`);
  const parts = [`${info.package}@${info.version}`];
  if (info.tensorflowVersion) parts.push(`TensorFlow ${info.tensorflowVersion}`);
  if (info.threads) parts.push(`${info.threads} threads`);
  if (regularizer) parts.push('+ MorphNet FLOPs term');
  return { label, detail: parts.join(', '), run, close: () => undefined };
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    return line?.split(':')[1]?.trim() ?? 'unknown CPU';
  } catch {
    return 'unknown CPU';
  }
}

async function main(): Promise<void> {
  // The same oneDNN setting for TF Keras as our loader gives the binding (it sets 1 unless set).
  process.env[ONEDNN_ENV_VAR] ??= '1';
  const loadBefore = loadavg();
  const ready: Engine[] = [];
  const failed: [string, string][] = [];
  for (const label of engines) {
    try {
      ready.push(
        label.startsWith('keras-')
          ? await kerasEngine(label === 'keras-eager' ? 'eager' : 'graph')
          : await tfjsEngine(label),
      );
      console.error(`${label}: ready`);
    } catch (error) {
      failed.push([label, (error as Error).message]);
    }
  }
  const times = new Map<string, number[]>(ready.map((e) => [e.label, []]));
  for (let r = 0; r < rounds; r++) {
    // Rotate the order so that no engine always runs right after the same other one.
    const order = ready.map((_, i) => ready[(i + r) % ready.length]!);
    for (const engine of order) times.get(engine.label)!.push(...(await engine.run(steps)));
    console.error(`round ${r + 1}/${rounds} done`);
  }
  ready.forEach((e) => e.close());
  const loadAfter = loadavg();
  const ms = new Map([...times].map(([label, t]) => [label, median(t)]));
  const exs = (label: string) => (batch * 1000) / ms.get(label)!;
  const reference = ms.has('keras-graph') ? 'keras-graph' : undefined;
  console.log(
    `\nReference network, batch ${batch}, Adam 1e-3, loss CE + 1e-4·Σ|γ|; ${rounds} interleaved rounds × ${steps} steps, medians.`,
  );
  console.log(
    `Machine: ${cpuModel()}, ${availableParallelism()} CPUs, Node ${process.version}, ${ONEDNN_ENV_VAR}=${process.env[ONEDNN_ENV_VAR]}; load average ${loadBefore.map((l) => l.toFixed(1)).join(' ')} before, ${loadAfter.map((l) => l.toFixed(1)).join(' ')} after.\n`,
  );
  console.log('| engine | details | ms/step | ex/s | vs TF Keras graph | vs wasm |');
  console.log('|---|---|---|---|---|---|');
  for (const e of ready) {
    const vsRef = reference ? (exs(e.label) / exs(reference)).toFixed(2) : '—';
    const vsWasm = ms.has('wasm') ? (exs(e.label) / exs('wasm')).toFixed(2) : '—';
    console.log(
      `| ${e.label} | ${e.detail} | ${ms.get(e.label)!.toFixed(1)} | **${exs(e.label).toFixed(0)}** | ${vsRef} | ${vsWasm} |`,
    );
  }
  for (const [label, why] of failed)
    console.log(`| ${label} | unavailable: ${why} | — | — | — | — |`);
  for (const name of ['node', 'node-gpu', 'wasm']) {
    if (ms.has(name) && ms.has(`${name}+morphnet`))
      console.log(
        `\nMorphNet term on ${name}: +${((ms.get(`${name}+morphnet`)! / ms.get(name)! - 1) * 100).toFixed(1)} % per step.`,
      );
  }
  console.log(
    `\nCommand: npx tsx --conditions=@morphsweep/source bench/training/native-vs-keras.bench.ts ${process.argv.slice(2).join(' ')}`.trimEnd(),
  );
  // The wasm backend's worker threads are unref'd; the TensorFlow binding holds none.
  process.exit(0);
}

void main();
