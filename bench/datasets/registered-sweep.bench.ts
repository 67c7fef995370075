// A realistic sweep on a registered dataset, end to end through the product: `morphsweep up`
// (apps/cli/dist, build it first), full Fashion-MNIST registered from its IDX files by
// file:// URI, the Keras 32/64/128 CNN (libs/morphnet's sequential-cnn fixture) imported as
// the seed, a small grid of structure learning, and the frontier structure retrained and
// evaluated on the test split. Prints each run's FLOPs and proxy accuracy, the retrained
// accuracy, and the wall times.
//   npx tsx bench/datasets/registered-sweep.bench.ts [--steps=200] [--subset=6000] [--cells=2]
//     [--range=10,100]  strengths from lo/seed FLOPs to hi/seed FLOPs; [--lr=0.01] (Adam)
//     [--fmnist=/usr/share/datasets/fashion-mnist]
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort, workspaceRoot } from '../../libs/devstack/src/index';

const args = new Map(
  process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]),
);
const steps = Number(args.get('steps') ?? 200);
const subset = Number(args.get('subset') ?? 6000);
const cells = Number(args.get('cells') ?? 2);
const learningRate = Number(args.get('lr') ?? 0.01);
const fmnist = args.get('fmnist') ?? '/usr/share/datasets/fashion-mnist';
// Strengths as multiples of 1 / seed FLOPs, log-spaced (MorphNet's scale: strength × cost ≈ 1).
const [lo, hi] = (args.get('range') ?? '10,100').split(',').map(Number) as [number, number];

async function main(): Promise<void> {
  const cpu = execFileSync('lscpu', { encoding: 'utf8' })
    .match(/Model name:\s*(.+)/)?.[1]
    ?.trim();
  console.log(
    `CPU: ${cpu} (${os.cpus().length} cores); ${cells} cells × ${steps} steps, subset ${subset}`,
  );
  const env = {
    ...process.env,
    MORPHSWEEP_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'byo-bench-')),
    MORPHSWEEP_DATASET_CACHE_DIR: mkdtempSync(path.join(os.tmpdir(), 'byo-bench-cache-')),
    TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    POSTGRES_PORT: String(await freePort()),
    API_PORT: String(await freePort()),
  };
  const up = spawn(process.execPath, [path.join(workspaceRoot(), 'apps/cli/dist/main.js'), 'up'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  up.stdout.on('data', (d: Buffer) => (output += d.toString()));
  up.stderr.on('data', (d: Buffer) => (output += d.toString()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /MorphSweep is running at (\S+)/.exec(output);
        if (m) resolve((clearInterval(timer), m[1]!));
      }, 200);
      up.once('exit', (code) => reject(new Error(`up exited ${code}:\n${output}`)));
    });
    const post = async (route: string, body: unknown) =>
      (await (
        await fetch(`${url}${route}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).json()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    const get = async (route: string) => (await (await fetch(`${url}${route}`)).json()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    let t = Date.now();
    const dataset = await post('/api/datasets', {
      name: 'fashion-mnist-idx',
      uri: pathToFileURL(fmnist).href,
      format: 'idx',
    });
    console.log(
      `registered in ${((Date.now() - t) / 1000).toFixed(1)} s:`,
      JSON.stringify({ ...dataset, uri: undefined }),
    );
    const fixture = JSON.parse(
      readFileSync(
        path.join(workspaceRoot(), 'libs/morphnet/src/test/fixtures/keras/sequential-cnn.json'),
        'utf8',
      ),
    );
    const imported = await post('/api/networks/import', {
      model: fixture.model,
      name: 'keras-cnn-32-64-128',
    });
    console.log(
      `seed: ${imported.parameters} trainable parameters (Keras: ${fixture.trainable}), ${imported.flops} FLOPs`,
    );
    t = Date.now();
    const sweep = await post('/api/sweeps', {
      name: 'registered fashion-mnist bench',
      seedNetwork: imported.network,
      dataset: { kind: 'registered', dataset: 'fashion-mnist-idx', subsetSize: subset },
      morphnet: { family: 'gamma', resource: 'flops' },
      grid: {
        strengths: { logRange: [lo / imported.flops, hi / imported.flops], count: cells },
        thresholds: [0.1],
      },
      budget: {
        steps,
        batchSize: 64,
        learningRate,
        evalInterval: 100,
        checkpointInterval: 100,
      },
      concurrency: 1,
      retrain: {
        policy: 'auto',
        topK: 1,
        baseline: false,
        budget: {
          epochs: 1,
          batchSize: 64,
          learningRate,
          evalInterval: 1000,
          checkpointInterval: 1000,
          evaluateOn: 'test',
        },
      },
    });
    if (!sweep.id) throw new Error(JSON.stringify(sweep));
    for (;;) {
      await new Promise((r) => setTimeout(r, 5000));
      const retrainings = (await get(`/api/retrainings?sweepId=${sweep.id}`)).items as Array<{
        status: string;
      }>;
      const s = await get(`/api/sweeps/${sweep.id}`);
      if (s.status === 'FAILED' || retrainings.some((r) => r.status === 'FAILED'))
        throw new Error(`failed: ${JSON.stringify(s)}`);
      if (retrainings.length > 0 && retrainings.every((r) => r.status === 'SUCCEEDED')) break;
      // Every cell collapsed (strengths too strong): nothing on the frontier to retrain.
      if (s.status === 'SUCCEEDED' && s.counts.SUCCEEDED === 0) break;
    }
    console.log(`sweep + retraining: ${((Date.now() - t) / 1000).toFixed(0)} s`);
    for (const r of (await get(`/api/sweeps/${sweep.id}/runs?limit=100`)).items)
      console.log(
        `run strength ${r.strength.toExponential(2)}: ${r.status}, ${r.flops} FLOPs (${((100 * r.flops) / imported.flops).toFixed(0)} % of seed), proxy accuracy ${r.accuracy?.toFixed(3)}, structure ${JSON.stringify(r.structure)}`,
      );
    for (const r of (await get(`/api/retrainings?sweepId=${sweep.id}`)).items)
      console.log(
        `retrained (${r.kind}): test accuracy ${r.finalAccuracy?.toFixed(3)} at ${r.measuredCost} FLOPs, ${r.parameters} parameters`,
      );
  } finally {
    up.kill('SIGINT');
  }
}

void main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
