// Where one training step of the reference network spends its time, per kernel, on a backend.
//   npx tsx --conditions=@morphsweep/source bench/training/profile-step.bench.ts [--backend=wasm]
//     [--threads=N] [--repeat=1] [--model=layers|morphnet]
// --model=morphnet profiles the reference network as a MorphModel (what sweeps train) with
// loss CE + λ·Σ|γ| (reference-network.ts); the default is the tfjs-layers network.
// With --repeat=N, N steps are profiled and every figure is the median over them.
// Kernel times come from tf.profile (wall time per kernel; wasm runs kernels synchronously).
// Entries named `<op>__op` (e.g. tfjs-layers' fused conv2d) wrap kernels listed on their own
// and are left out, so that the per-kernel times add up to the step.
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../libs/training/src/lib/backend/select-backend';
import { buildProbeNetwork } from './probe-network';
import { buildReferenceModel, referenceLoss } from './reference-network';

const args = new Map(
  process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]),
);

async function main(): Promise<void> {
  const threads = args.has('threads') ? Number(args.get('threads')) : undefined;
  const { backend } = await selectBackend({ backend: args.get('backend') ?? 'wasm', threads });
  const morph = args.get('model') === 'morphnet' ? buildReferenceModel() : undefined;
  const model = morph ? undefined : buildProbeNetwork();
  const optimizer = tf.train.adam(1e-3);
  const xs = tf.randomUniform([64, 28, 28, 1], 0, 1, 'float32', 7);
  const ys = tf.oneHot(tf.randomUniform([64], 0, 10, 'int32', 8) as tf.Tensor1D, 10);
  const step = () => {
    const loss = optimizer.minimize(
      () =>
        morph
          ? referenceLoss(morph, xs, ys)
          : tf.losses.softmaxCrossEntropy(ys, model!.apply(xs, { training: true }) as tf.Tensor),
      true,
      morph?.trainableVariables(),
    );
    loss?.dataSync();
    loss?.dispose();
  };
  step();
  step();
  const repeat = Number(args.get('repeat') ?? 1);
  const runs: { total: number; cpu: number; byKernel: Map<string, number> }[] = [];
  for (let r = 0; r < repeat; r++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const profile = await tf.profile(() => step());
    const total = performance.now() - start;
    const cpu = process.cpuUsage(cpuStart);
    const byKernel = new Map<string, number>();
    for (const k of profile.kernels) {
      if (k.name.endsWith('__op')) continue;
      byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + (k.kernelTimeMs as number));
    }
    runs.push({ total, cpu: (cpu.user + cpu.system) / 1000, byKernel });
  }
  const med = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };
  const names = new Set(runs.flatMap((run) => [...run.byKernel.keys()]));
  const byKernel = new Map(
    [...names].map((name) => [name, med(runs.map((run) => run.byKernel.get(name) ?? 0))]),
  );
  const sumOf = (pick: (run: (typeof runs)[number]) => number) => med(runs.map(pick));
  const inRun = (run: (typeof runs)[number], conv: boolean) =>
    [...run.byKernel]
      .filter(([name]) => name.includes('Conv2D') === conv)
      .reduce((s, [, ms]) => s + ms, 0);
  const total = sumOf((run) => run.total);
  const conv = sumOf((run) => inRun(run, true));
  const other = sumOf((run) => inRun(run, false));
  const label = repeat > 1 ? `median of ${repeat} profiled steps` : 'one profiled step';
  console.log(
    `${backend.name} (${backend.threads ?? '?'} threads): ${total.toFixed(0)} ms, ${label} (process CPU time ${sumOf((run) => run.cpu).toFixed(0)} ms)`,
  );
  console.log(
    `convolution kernels ${conv.toFixed(0)} ms, other kernels ${other.toFixed(0)} ms, outside kernels ${sumOf((run) => run.total - inRun(run, true) - inRun(run, false)).toFixed(0)} ms`,
  );
  for (const [name, ms] of [...byKernel].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
    console.log(`${name.padEnd(28)} ${ms.toFixed(1).padStart(8)} ms`);
  }
}

void main();
